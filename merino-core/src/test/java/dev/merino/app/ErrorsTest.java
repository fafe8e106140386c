package dev.merino.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.http.BadRequest;
import dev.merino.http.Conflict;
import dev.merino.http.HttpException;
import dev.merino.http.NotFound;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.http.TooManyRequests;
import dev.merino.http.Unauthorized;
import dev.merino.testing.LogCapture;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    private static final Pattern ERROR_ID = Pattern.compile("\"errorId\":\"([0-9a-f]{16})\"");

    private App app = TestServers.app();
    private Server server;

    /** An application exception hierarchy. */
    static class ShopException extends RuntimeException {
        ShopException(String message) {
            super(message);
        }
    }

    static class OutOfStock extends ShopException {
        OutOfStock(String message) {
            super(message);
        }
    }

    static class LastItemGone extends OutOfStock {
        LastItemGone(String message) {
            super(message);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        server = TestServers.start(app);
    }

    private static String errorIdOf(RawResponse response) {
        Matcher matcher = ERROR_ID.matcher(response.text());
        assertThat(matcher.find()).as("error id in %s", response.text()).isTrue();
        return matcher.group(1);
    }

    private static List<ILoggingEvent> errorsSince(int before) {
        return LogCapture.events().stream().skip(before)
                .filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    @Test
    void mostSpecificExceptionHandlerWins() {
        app.exception(ShopException.class, (e, request) -> "shop: " + e.getMessage());
        app.exception(OutOfStock.class, (e, request) -> Response.text("stock: " + e.getMessage())
                .withStatus(Status.CONFLICT));
        app.get("/stock", request -> {
            throw new OutOfStock("none");
        });
        app.get("/last", request -> {
            throw new LastItemGone("last");
        });
        app.get("/shop", request -> {
            throw new ShopException("closed");
        });
        start();

        RawResponse stock = Requests.get(server, "/stock");
        assertThat(stock.status()).isEqualTo(409);
        assertThat(stock.text()).isEqualTo("stock: none");
        assertThat(Requests.get(server, "/last").text()).isEqualTo("stock: last");
        assertThat(Requests.get(server, "/shop").text()).isEqualTo("shop: closed");
    }

    @Test
    void superclassHandlerCatchesCheckedExceptions() {
        app.exception(Exception.class, (e, request) -> Response.text("caught "
                + e.getClass().getSimpleName()).withStatus(503));
        app.get("/io", request -> {
            throw new java.io.IOException("disk");
        });
        start();

        RawResponse response = Requests.get(server, "/io");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.text()).isEqualTo("caught IOException");
    }

    @Test
    void statusHandlersCoverTheRouters404And405() {
        app.status(404, (e, request) -> Response.text("custom 404 for " + request.path())
                .withStatus(404));
        app.status(405, (e, request) -> Response.text("custom 405").withStatus(405));
        app.get("/known", request -> "known");
        start();

        RawResponse missing = Requests.get(server, "/nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).isEqualTo("custom 404 for /nothing");
        RawResponse wrong = Requests.call(server, "DELETE", "/known", null);
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.text()).isEqualTo("custom 405");
    }

    @Test
    void customBodyForA405Or401KeepsTheHeadersTheStatusRequires() {
        app.status(405, (e, request) -> Response.text("no").withStatus(405));
        app.exception(Unauthorized.class, (e, request) -> Response.text("sign in")
                .withStatus(401));
        app.get("/doc", request -> "doc");
        app.get("/private", request -> {
            throw new Unauthorized("Sign in.", "Bearer realm=\"api\"");
        });
        start();

        RawResponse wrong = Requests.call(server, "DELETE", "/doc", null);
        assertThat(wrong.text()).isEqualTo("no");
        assertThat(wrong.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        RawResponse unauthorized = Requests.get(server, "/private");
        assertThat(unauthorized.text()).isEqualTo("sign in");
        assertThat(unauthorized.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
    }

    @Test
    void handlerAnsweringWithAnotherStatusGetsNoHeadersAdded() {
        app.exception(Unauthorized.class, (e, request) -> Response.redirect("/login"));
        app.status(405, (e, request) -> Response.text("no").withStatus(405)
                .withHeader("Allow", "GET"));
        app.get("/doc", request -> "doc");
        app.get("/private", request -> {
            throw new Unauthorized("Sign in.", "Bearer");
        });
        start();

        RawResponse redirect = Requests.get(server, "/private");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("WWW-Authenticate")).isNull();
        assertThat(Requests.call(server, "DELETE", "/doc", null).headers().get("allow"))
                .containsExactly("GET");
    }

    @Test
    void statusHandlerCoversThrownHttpExceptions() {
        app.status(409, (e, request) -> "conflict: " + e.detail());
        app.get("/c", request -> {
            throw new Conflict("taken");
        });
        start();

        assertThat(Requests.get(server, "/c").text()).isEqualTo("conflict: taken");
    }

    @Test
    void subtypeHandlerBeatsStatusHandler() {
        app.status(404, (e, request) -> "by status");
        app.exception(NotFound.class, (e, request) -> "by type");
        start();

        assertThat(Requests.get(server, "/nothing").text()).isEqualTo("by type");
    }

    @Test
    void statusHandlerBeatsHttpExceptionHandler() {
        app.exception(HttpException.class, (e, request) -> "by HttpException");
        app.status(404, (e, request) -> "by status");
        start();

        assertThat(Requests.get(server, "/nothing").text()).isEqualTo("by status");
        assertThat(Requests.call(server, "POST", "/nothing", new byte[0]).text())
                .isEqualTo("by status");
    }

    @Test
    void problemJsonHasTheStandardMembers() {
        app.get("/bad", request -> {
            throw new BadRequest("The 'size' must be positive.");
        });
        start();

        RawResponse response = Requests.get(server, "/bad?size=-1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad"
                + " Request\",\"status\":400,\"detail\":\"The 'size' must be positive.\","
                + "\"instance\":\"/bad\"}");
    }

    @Test
    void httpExceptionWithExtensionsAndHeaders() {
        app.get("/x", request -> {
            throw new HttpException(Status.UNPROCESSABLE_CONTENT, "Invalid.",
                    dev.merino.http.Headers.of("X-Reason", "validation"),
                    java.util.Map.of("errors", List.of("name")), null);
        });
        start();

        RawResponse response = Requests.get(server, "/x");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.header("X-Reason")).isEqualTo("validation");
        assertThat(response.text()).contains("\"title\":\"Unprocessable Content\"")
                .contains("\"errors\":[\"name\"]");
    }

    @Test
    void unauthorizedCarriesItsChallenges() {
        app.get("/private", request -> {
            throw new Unauthorized("Sign in first.",
                    List.of("Bearer realm=\"api\"", "Basic realm=\"api\""));
        });
        start();

        RawResponse response = Requests.get(server, "/private");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("www-authenticate"))
                .containsExactly("Bearer realm=\"api\"", "Basic realm=\"api\"");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        app.get("/busy", request -> {
            throw new TooManyRequests("Slow down.", Duration.ofSeconds(30));
        });
        start();

        RawResponse response = Requests.get(server, "/busy");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("30");
    }

    @Test
    void unhandledExceptionIs500WithAnErrorIdLoggedOnceWithTrace() {
        int before = LogCapture.events().size();
        app.get("/boom", request -> {
            throw new IllegalStateException("kaput");
        });
        start();

        RawResponse response = Requests.get(server, "/boom");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        String errorId = errorIdOf(response);
        assertThat(response.text()).contains("\"title\":\"Internal Server Error\"")
                .contains("Quote error id " + errorId).doesNotContain("kaput")
                .doesNotContain("IllegalStateException");
        List<ILoggingEvent> errors = errorsSince(before);
        assertThat(errors).hasSize(1);
        String logged = LogCapture.render(errors.get(0));
        assertThat(logged).contains(errorId).contains("GET /boom")
                .contains("java.lang.IllegalStateException: kaput")
                .contains("at dev.merino.app.ErrorsTest");
    }

    @Test
    void developmentModeShowsExceptionDetails() {
        app = Merino.app(TestServers.config().withDevelopment(true));
        app.get("/boom", request -> {
            throw new IllegalStateException("kaput");
        });
        start();

        RawResponse response = Requests.get(server, "/boom");

        assertThat(response.status()).isEqualTo(500);
        errorIdOf(response);
        assertThat(response.text())
                .contains("\"detail\":\"java.lang.IllegalStateException: kaput\"")
                .contains("\"errorId\":\"" + errorIdOf(response) + "\",\"trace\":[\"dev.merino"
                        + ".app.ErrorsTest");
    }

    @Test
    void exceptionHandlerThatThrowsGives500() {
        int before = LogCapture.events().size();
        app.exception(ShopException.class, (e, request) -> {
            throw new IllegalArgumentException("handler broke");
        });
        app.get("/shop", request -> {
            throw new ShopException("closed");
        });
        start();

        RawResponse response = Requests.get(server, "/shop");

        assertThat(response.status()).isEqualTo(500);
        String errorId = errorIdOf(response);
        List<ILoggingEvent> errors = errorsSince(before);
        assertThat(errors).hasSize(1);
        assertThat(LogCapture.render(errors.get(0))).contains(errorId)
                .contains("An exception handler failed").contains("handler broke")
                .contains("ShopException: closed");
    }

    @Test
    void nothingFromTheRequestLeaksIntoA500Body() {
        app.post("/leak", request -> {
            throw new IllegalStateException("token " + request.header("X-Token").orElseThrow()
                    + " body " + request.text());
        });
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/leak?q=query-secret",
                "body-secret", "X-Token: header-secret", "Cookie: s=cookie-secret");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).doesNotContain("header-secret").doesNotContain("body-secret")
                .doesNotContain("cookie-secret").doesNotContain("query-secret");
        assertThat(String.join("\n", response.headers().toString()))
                .doesNotContain("secret");
    }

    @Test
    void nothingFromTheRequestLeaksIntoA400ForMalformedJson() {
        app.post("/j", request -> request.json(java.util.Map.class));
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j",
                "{\"password\": hunter2}", "Content-Type: application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).doesNotContain("hunter2");
    }

    @Test
    void httpExceptionWithoutDetailOmitsIt() {
        app.get("/x", request -> {
            throw new HttpException(Status.GONE, null);
        });
        start();

        assertThat(Requests.get(server, "/x").text()).isEqualTo("{\"type\":\"about:blank\","
                + "\"title\":\"Gone\",\"status\":410,\"instance\":\"/x\"}");
    }
}
