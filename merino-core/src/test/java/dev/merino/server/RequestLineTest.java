package dev.merino.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.RouteOptions;
import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.http.Method;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request line as a client sends it: target, version, and what the refusals look like. */
class RequestLineTest {
    private final AtomicInteger handled = new AtomicInteger();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start(ServerConfig config) {
        App app = Merino.app(config);
        app.get("/files/{*rest}", request -> {
            handled.incrementAndGet();
            return "rest " + request.pathParam("rest", String.class);
        });
        app.get("/name/{name}", request -> {
            handled.incrementAndGet();
            return "name " + request.pathParam("name", String.class);
        });
        server = TestServers.start(app);
    }

    private void start() {
        start(TestServers.config());
    }

    /** Sends the request line's bytes and a Host; returns the response after checking the close. */
    private RawResponse sendLine(byte[] requestLine) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(requestLine);
        bytes.writeBytes("\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        try (RawClient client = new RawClient(server.port())) {
            client.send(bytes.toByteArray());
            RawResponse response = client.readResponse();
            if (response.status() >= 400) {
                assertThat(response.header("Content-Type")).as(new String(requestLine,
                        StandardCharsets.ISO_8859_1)).isEqualTo("application/problem+json");
                assertThat(client.isClosedByServer()).isTrue();
            }
            return response;
        }
    }

    private RawResponse sendLine(String requestLine) {
        return sendLine(requestLine.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesPercentEncodedDotSegmentsSlashesAndBackslashesInThePath() {
        start();

        for (String target : List.of("/files/..%2F..%2Fetc%2Fpasswd", "/files/%2E%2E%2Fsecret",
                "/files/%2e%2e%2fsecret", "/name/..%2F", "/name/a%2Fb", "/name/a%2fb",
                "/files/..%5c..%5cwin", "/files/..%5C..%5Cwin", "/files/a%5Cb",
                "/files/..\\..\\win", "/name/a\\b", "/files/%2E%2E", "/files/a/%2e")) {
            RawResponse response = sendLine("GET " + target + " HTTP/1.1");

            assertThat(response.status()).as(target).isEqualTo(400);
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void leavesEncodedSlashesAndBackslashesInTheQueryAlone() {
        start();

        RawResponse response = sendLine("GET /name/x?path=..%2F..%2Fetc%5Cwin\\x HTTP/1.1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("name x");
    }

    @Test
    void stillServesEncodedCharactersThatAreNotSeparators() {
        start();

        assertThat(Requests.get(server, "/files/a%20b/%2E.x/caf%C3%A9").text())
                .isEqualTo("rest a b/..x/café");
        assertThat(Requests.get(server, "/name/%41%3F").text()).isEqualTo("name A?");
    }

    @Test
    void refusesRawBytesOutsideVisibleAsciiInTheTarget() {
        start();

        for (byte[] target : List.of(new byte[] {'/', 'f', 'i', 'l', 'e', 's', '/', (byte) 0xff,
                        (byte) 0xfe},
                "/name/caf\u00c3\u00a9".getBytes(StandardCharsets.ISO_8859_1),
                "/name/x?q=\u00e9".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {'/', 'n', 'a', 'm', 'e', '/', (byte) 0x80})) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.writeBytes("GET ".getBytes(StandardCharsets.ISO_8859_1));
            line.writeBytes(target);
            line.writeBytes(" HTTP/1.1".getBytes(StandardCharsets.ISO_8859_1));

            RawResponse response = sendLine(line.toByteArray());

            assertThat(response.status()).as(new String(target, StandardCharsets.ISO_8859_1))
                    .isEqualTo(400);
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void answers505ToAMajorVersionOtherThanOne() {
        start();

        for (String version : List.of("HTTP/2.0", "HTTP/9.9", "HTTP/0.9", "HTTP/3.0")) {
            RawResponse response = sendLine("GET /name/x " + version);

            assertThat(response.status()).as(version).isEqualTo(505);
            assertThat(response.reason()).as(version).isEqualTo("HTTP Version Not Supported");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void refusesAVersionNotSpelledAsHttpNameSlashDigitDotDigitWith400() {
        start();

        // RFC 9112 section 2.3: HTTP-name is "HTTP", case-sensitive.
        for (String version : List.of("http/1.1", "Http/1.1", "HTTP/1.10", "HTTP/11", "HTTPS/1.1",
                "HTTP/1.x")) {
            RawResponse response = sendLine("GET /name/x " + version);

            assertThat(response.status()).as(version).isEqualTo(400);
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void servesHttp10AndHttp11AndAHigherMinorVersionOfOne() {
        start();

        for (String version : List.of("HTTP/1.0", "HTTP/1.1", "HTTP/1.2")) {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /name/x " + version + "\r\nHost: x\r\n\r\n");
                RawResponse response = client.readResponse();

                assertThat(response.status()).as(version).isEqualTo(200);
                assertThat(response.text()).as(version).isEqualTo("name x");
            }
        }
    }

    @Test
    void transportRefusalsUseTheSameReasonPhrasesAsHandlerResponses() {
        start(TestServers.config().withMaxRequestLineSize(256).withMaxBodySize(4));

        RawResponse uriTooLong = sendLine("GET /name/" + "x".repeat(300) + " HTTP/1.1");
        assertThat(uriTooLong.status()).isEqualTo(414);
        assertThat(uriTooLong.reason()).isEqualTo("URI Too Long");

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /name/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
            RawResponse tooLarge = client.readResponse();

            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.reason()).isEqualTo("Content Too Large");
        }
    }

    @Test
    void optionsAsteriskListsOnlyMethodsTheServerCanServe() {
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = client.readResponse();

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        }
    }

    @Test
    void optionsAsteriskListsTraceOnlyWhenARouteDeclaresIt() {
        App app = TestServers.app();
        app.post("/p", request -> "posted");
        app.route(Set.of(Method.TRACE), "/t", RouteOptions.defaults(), request -> "traced");
        server = TestServers.start(app);

        try (RawClient client = new RawClient(server.port())) {
            client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(client.readResponse().header("Allow")).isEqualTo("POST, OPTIONS, TRACE");
        }
    }
}
