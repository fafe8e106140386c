package dev.merino.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.http.Forbidden;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.testing.LogCapture;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FilterTest {
    private final App app = TestServers.app();
    private final List<String> trace = new CopyOnWriteArrayList<>();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        server = TestServers.start(app);
    }

    private void tracing(String name) {
        app.filter((request, chain) -> {
            trace.add(name + ">");
            Response response = chain.next(request);
            trace.add("<" + name);
            return response;
        });
    }

    @Test
    void firstAddedIsOutermost() {
        tracing("a");
        tracing("b");
        app.group("/g", group -> group
                .filter((request, chain) -> {
                    trace.add("group>");
                    return chain.next(request);
                })
                .get("/h", request -> {
                    trace.add("handler");
                    return "ok";
                }));
        start();

        assertThat(Requests.get(server, "/g/h").text()).isEqualTo("ok");
        assertThat(trace).containsExactly("a>", "b>", "group>", "handler", "<b", "<a");
    }

    @Test
    void filterMayShortCircuit() {
        AtomicInteger handled = new AtomicInteger();
        app.filter((request, chain) -> request.header("X-Key").isPresent() ? chain.next(request)
                : Response.status(Status.UNAUTHORIZED).withHeader("X-Stopped", "yes"));
        tracing("inner");
        app.get("/h", request -> handled.incrementAndGet());
        start();

        RawResponse response = Requests.get(server, "/h");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("X-Stopped")).isEqualTo("yes");
        assertThat(handled).hasValue(0);
        assertThat(trace).isEmpty();
    }

    @Test
    void handlerSeesTheRequestAFilterChanged() {
        app.filter((request, chain) -> {
            request.attributes().put("user", "ada");
            return chain.next(request.withHeader("X-Added", "by filter"));
        });
        app.get("/h", request -> request.header("x-added").orElse("none") + " "
                + request.attribute("user", String.class).orElse("none"));
        start();

        assertThat(Requests.get(server, "/h").text()).isEqualTo("by filter ada");
    }

    @Test
    void filterMayChangeTheResponse() {
        app.filter((request, chain) -> chain.next(request).withStatus(Status.ACCEPTED)
                .withHeader("X-Filtered", "1"));
        app.get("/h", request -> "body");
        start();

        RawResponse response = Requests.get(server, "/h");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("X-Filtered")).isEqualTo("1");
        assertThat(response.text()).isEqualTo("body");
    }

    @Test
    void filtersRunFor404And405AndSeeTheirStatus() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        app.filter((request, chain) -> {
            Response response = chain.next(request);
            seen.add(response.status().code());
            return response.withHeader("X-Seen", "yes");
        });
        app.get("/known", request -> "known");
        start();

        RawResponse missing = Requests.get(server, "/unknown");
        RawResponse wrong = Requests.call(server, "POST", "/known", new byte[0]);
        RawResponse options = Requests.call(server, "OPTIONS", "/known", null);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-Seen")).isEqualTo("yes");
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.header("X-Seen")).isEqualTo("yes");
        assertThat(wrong.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(options.header("X-Seen")).isEqualTo("yes");
        assertThat(seen).containsExactly(404, 405, 204);
    }

    @Test
    void filterSeesTheHandlersExceptionAsItsResponse() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        app.filter((request, chain) -> {
            Response response = chain.next(request);
            seen.add(response.status().code());
            return response;
        });
        app.get("/boom", request -> {
            throw new IllegalStateException("boom");
        });
        start();

        assertThat(Requests.get(server, "/boom").status()).isEqualTo(500);
        assertThat(seen).containsExactly(500);
    }

    @Test
    void exceptionThrownByAFilterIsMapped() {
        app.filter((request, chain) -> {
            if (request.path().equals("/forbidden")) {
                throw new Forbidden("Not for you.");
            }
            return chain.next(request);
        });
        app.get("/forbidden", request -> "never");
        start();

        RawResponse response = Requests.get(server, "/forbidden");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("\"detail\":\"Not for you.\"");
    }

    @Test
    void exceptionHandlersApplyToWhatAFilterThrows() {
        app.exception(IllegalStateException.class, (e, request) ->
                Response.text("handled " + e.getMessage()).withStatus(Status.CONFLICT));
        app.filter((request, chain) -> {
            throw new IllegalStateException("in filter");
        });
        app.get("/h", request -> "never");
        start();

        RawResponse response = Requests.get(server, "/h");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text()).isEqualTo("handled in filter");
    }

    @Test
    void filterReturningNullGives500() {
        int before = LogCapture.errors("dev.merino").size();
        app.filter((request, chain) -> null);
        app.get("/h", request -> "never");
        start();

        RawResponse response = Requests.get(server, "/h");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).contains("errorId");
        List<String> logged = LogCapture.errors("dev.merino").stream().skip(before)
                .map(LogCapture::render).toList();
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0)).contains("returned null");
    }

    @Test
    void filterMayCallTheRestOfTheChainAgain() {
        AtomicInteger attempts = new AtomicInteger();
        app.filter((request, chain) -> {
            Response first = chain.next(request);
            return first.status().code() == 503 ? chain.next(request) : first;
        });
        tracing("inner");
        app.get("/flaky", request -> attempts.incrementAndGet() == 1
                ? Response.status(503) : Response.text("attempt " + attempts.get()));
        start();

        RawResponse response = Requests.get(server, "/flaky");

        assertThat(response.text()).isEqualTo("attempt 2");
        assertThat(trace).containsExactly("inner>", "<inner", "inner>", "<inner");
    }
}
