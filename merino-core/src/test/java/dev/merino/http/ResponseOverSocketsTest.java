package dev.merino.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseOverSocketsTest {
    private final App app = TestServers.app();
    private Server server;

    @TempDir
    Path dir;

    /** A JSON response type. */
    record Point(int x, int y) {
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

    @Test
    void textHtmlJsonAndBytes() {
        app.get("/text", request -> Response.text("héllo"));
        app.get("/html", request -> Response.html("<p>hi</p>"));
        app.get("/json", request -> Response.json(new Point(1, 2)));
        app.get("/bytes", request -> Response.bytes(new byte[] {1, 2, 3},
                MediaType.parse("image/png")));
        start();

        RawResponse text = Requests.get(server, "/text");
        assertThat(text.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(text.header("Content-Length")).isEqualTo("6");
        assertThat(text.text()).isEqualTo("héllo");
        RawResponse html = Requests.get(server, "/html");
        assertThat(html.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(html.text()).isEqualTo("<p>hi</p>");
        RawResponse json = Requests.get(server, "/json");
        assertThat(json.header("Content-Type")).isEqualTo("application/json");
        assertThat(json.text()).isEqualTo("{\"x\":1,\"y\":2}");
        RawResponse bytes = Requests.get(server, "/bytes");
        assertThat(bytes.header("Content-Type")).isEqualTo("image/png");
        assertThat(bytes.body()).containsExactly(1, 2, 3);
    }

    @Test
    void fileContentTypeComesFromItsExtension() throws Exception {
        Files.writeString(dir.resolve("page.HTML"), "<h1>x</h1>");
        Files.writeString(dir.resolve("style.css"), "a{}");
        Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.write(dir.resolve("data.bin.unknown"), new byte[] {7});
        Files.write(dir.resolve("noextension"), new byte[] {8});
        app.get("/files/{name}", request -> Response.file(dir.resolve(request.pathParam("name"))));
        start();

        RawResponse html = Requests.get(server, "/files/page.HTML");
        assertThat(html.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(html.header("Content-Length")).isEqualTo("10");
        assertThat(html.text()).isEqualTo("<h1>x</h1>");
        assertThat(Requests.get(server, "/files/style.css").header("Content-Type"))
                .isEqualTo("text/css; charset=utf-8");
        RawResponse png = Requests.get(server, "/files/logo.png");
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        assertThat(png.body()).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(Requests.get(server, "/files/data.bin.unknown").header("Content-Type"))
                .isEqualTo("application/octet-stream");
        assertThat(Requests.get(server, "/files/noextension").header("Content-Type"))
                .isEqualTo("application/octet-stream");
    }

    @Test
    void headOfAFileGivesItsLengthWithoutBody() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "0123456789");
        app.get("/a", request -> Response.file(dir.resolve("a.txt")));
        start();

        RawResponse head = Requests.call(server, "HEAD", "/a", null);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("10");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void missingFileIs404() {
        app.get("/missing", request -> Response.file(dir.resolve("nope.txt")));
        app.get("/directory", request -> Response.file(dir));
        start();

        RawResponse missing = Requests.get(server, "/missing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(missing.text()).doesNotContain(dir.toString());
        assertThat(Requests.get(server, "/directory").status()).isEqualTo(404);
    }

    @Test
    void redirectsCarryLocation() {
        app.get("/default", request -> Response.redirect("/target"));
        app.get("/r/{code:int}", request -> Response.redirect(
                Status.of(request.pathParam("code", Integer.class)), "/to/" + request
                        .pathParam("code")));
        start();

        RawResponse found = Requests.get(server, "/default");
        assertThat(found.status()).isEqualTo(302);
        assertThat(found.header("Location")).isEqualTo("/target");
        for (int code : new int[] {301, 302, 303, 307, 308}) {
            RawResponse response = Requests.get(server, "/r/" + code);
            assertThat(response.status()).isEqualTo(code);
            assertThat(response.header("Location")).isEqualTo("/to/" + code);
            assertThat(response.header("Content-Length")).isEqualTo("0");
        }
    }

    @Test
    void redirectWithANonRedirectStatusIsRejected() {
        for (Status status : List.of(Status.OK, Status.NOT_MODIFIED, Status.of(300),
                Status.NOT_FOUND)) {
            assertThatThrownBy(() -> Response.redirect(status, "/x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("redirect status: " + status.code()
                            + " (expected 301, 302, 303, 307 or 308)");
        }
    }

    @Test
    void redirectToALocationWithLineBreakIsRejected() {
        assertThatThrownBy(() -> Response.redirect("/x\r\nSet-Cookie: a=b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyStatuses() {
        app.get("/201", request -> Response.status(Status.CREATED));
        app.get("/202", request -> Response.status(202));
        app.get("/204", request -> Response.noContent());
        app.get("/304", request -> Response.status(Status.NOT_MODIFIED).withHeader("ETag",
                "\"v1\""));
        app.get("/ok", request -> Response.ok());
        start();

        RawResponse created = Requests.get(server, "/201");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Length")).isEqualTo("0");
        assertThat(Requests.get(server, "/202").status()).isEqualTo(202);
        RawResponse noContent = Requests.get(server, "/204");
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.header("Content-Length")).isNull();
        RawResponse notModified = Requests.get(server, "/304");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("ETag")).isEqualTo("\"v1\"");
        assertThat(notModified.header("Content-Length")).isNull();
        assertThat(Requests.get(server, "/ok").header("Content-Length")).isEqualTo("0");
    }

    @Test
    void informationalStatusIsRejectedAtTheCall() {
        assertThatThrownBy(() -> Response.status(102))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status: 102 (expected 200..599; the server sends 100 Continue"
                        + " itself)");
        assertThatThrownBy(() -> Response.text("x").withStatus(Status.CONTINUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlerReturningAnInformationalStatusDoesNotDesynchronizeTheConnection() {
        app.get("/interim", request -> Response.status(103));
        app.get("/next", request -> "next");
        start();

        try (dev.merino.testing.RawClient client = new dev.merino.testing.RawClient(
                server.port())) {
            client.send("GET /interim HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(500);
            assertThat(client.readResponse().text()).isEqualTo("next");
        }
    }

    @Test
    void headersSetAddedAndRemoved() {
        app.get("/h", request -> Response.text("x")
                .withHeader("X-One", "1")
                .addHeader("X-Many", "a").addHeader("X-Many", "b")
                .withHeader("X-Gone", "soon").withoutHeader("x-gone")
                .withHeader("x-one", "2")
                .withContentType(MediaType.parse("text/csv")));
        start();

        RawResponse response = Requests.get(server, "/h");

        assertThat(response.headers().get("x-one")).containsExactly("2");
        assertThat(response.headers().get("x-many")).containsExactly("a", "b");
        assertThat(response.header("X-Gone")).isNull();
        assertThat(response.header("Content-Type")).isEqualTo("text/csv");
    }

    @Test
    void headerWithLineBreakIsRejectedAtTheCall() {
        assertThatThrownBy(() -> Response.ok().withHeader("X-A", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.ok().withHeader("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookiesWithEveryAttributeAsTheClientSeesThem() {
        Instant expires = Instant.parse("2031-03-04T05:06:07Z");
        app.get("/c", request -> Response.text("ok")
                .withCookie(Cookie.of("session", "abc123")
                        .withPath("/app").withDomain("example.com")
                        .withMaxAge(Duration.ofHours(1)).withExpires(expires)
                        .withSecure(true).withHttpOnly(true)
                        .withSameSite(Cookie.SameSite.STRICT))
                .withCookie(Cookie.of("theme", "dark").withSameSite(Cookie.SameSite.LAX))
                .withCookie(Cookie.expired("old", "/")));
        start();

        RawResponse response = Requests.get(server, "/c");

        List<String> setCookies = response.headers().get("set-cookie");
        assertThat(setCookies).containsExactly(
                "session=abc123; Path=/app; Domain=example.com; Max-Age=3600;"
                        + " Expires=Tue, 04 Mar 2031 05:06:07 GMT; Secure; HttpOnly;"
                        + " SameSite=Strict",
                "theme=dark; SameSite=Lax",
                "old=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        HttpCookie session = HttpCookie.parse("Set-Cookie: " + setCookies.get(0)).get(0);
        assertThat(session.getName()).isEqualTo("session");
        assertThat(session.getValue()).isEqualTo("abc123");
        assertThat(session.getPath()).isEqualTo("/app");
        assertThat(session.getDomain()).isEqualTo("example.com");
        assertThat(session.getMaxAge()).isEqualTo(3600);
        assertThat(session.getSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
    }

    @Test
    void invalidCookiesAreRejectedAtTheCall() {
        assertThatThrownBy(() -> Cookie.of("a", "has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cookie a value: character 0x20 at index 3 (expected cookie-octets;"
                        + " encode the value, e.g. Base64url)");
        assertThatThrownBy(() -> Cookie.of("a", "x;y")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a", "\"q\"")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("bad name", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cookie name: 'bad name' (expected a token)");
        assertThatThrownBy(() -> Cookie.of("a", "v").withPath("/x; Domain=evil"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a", "v").withMaxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookieToStringHidesItsValue() {
        assertThat(Cookie.of("session", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void streamedBodyArrivesChunked() {
        app.get("/s", request -> Response.stream(MediaType.TEXT_PLAIN, out -> {
            for (int i = 0; i < 1000; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                if (i % 100 == 0) {
                    out.flush();
                }
            }
        }));
        start();

        RawResponse response = Requests.get(server, "/s");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        String body = response.text();
        assertThat(body).startsWith("line 0\n").endsWith("line 999\n");
        assertThat(body.lines()).hasSize(1000);
    }

    @Test
    void returnValuesConvert() {
        app.get("/string", request -> "plain");
        app.get("/response", request -> Response.text("as is").withStatus(Status.ACCEPTED));
        app.get("/null", request -> null);
        app.get("/bytes", request -> new byte[] {9, 8});
        app.get("/record", request -> new Point(3, 4));
        app.get("/map", request -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("b", List.of(1, 2));
            map.put("a", null);
            return map;
        });
        app.get("/list", request -> List.of("x", "y"));
        app.get("/number", request -> 42);
        start();

        RawResponse string = Requests.get(server, "/string");
        assertThat(string.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(string.text()).isEqualTo("plain");
        RawResponse response = Requests.get(server, "/response");
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.text()).isEqualTo("as is");
        RawResponse none = Requests.get(server, "/null");
        assertThat(none.status()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        RawResponse bytes = Requests.get(server, "/bytes");
        assertThat(bytes.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(bytes.body()).containsExactly(9, 8);
        RawResponse record = Requests.get(server, "/record");
        assertThat(record.header("Content-Type")).isEqualTo("application/json");
        assertThat(record.text()).isEqualTo("{\"x\":3,\"y\":4}");
        assertThat(Requests.get(server, "/map").text()).isEqualTo("{\"b\":[1,2],\"a\":null}");
        assertThat(Requests.get(server, "/list").text()).isEqualTo("[\"x\",\"y\"]");
        assertThat(Requests.get(server, "/number").text()).isEqualTo("42");
    }

    @Test
    void returnedProblemBecomesAProblemResponse() {
        app.get("/p", request -> new Problem(null, "Out of stock", 409, "None left.",
                request.path(), Map.of("sku", "A1")));
        start();

        RawResponse response = Requests.get(server, "/p");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Out of"
                + " stock\",\"status\":409,\"detail\":\"None left.\",\"instance\":\"/p\","
                + "\"sku\":\"A1\"}");
    }

    /** A value Jackson cannot write: its getter throws. */
    static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("cannot serialize");
        }
    }

    @Test
    void unserializableJsonIs500() {
        app.get("/bad", request -> new Exploding());
        start();

        RawResponse response = Requests.get(server, "/bad");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("errorId");
    }
}
