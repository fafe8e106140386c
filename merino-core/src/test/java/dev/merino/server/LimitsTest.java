package dev.merino.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.RouteOptions;
import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.http.Request;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every ServerConfig limit and timeout, and the per-route body limit, as a client sees them. */
class LimitsTest {
    private static final int LINE_LIMIT = 256;
    private static final int HEADER_LIMIT = 512;
    private static final int BODY_LIMIT = 1024;

    private final AtomicInteger requests = new AtomicInteger();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Small limits; long timeouts unless a test shortens one, so each is seen on its own. */
    private static ServerConfig config() {
        return TestServers.config().withMaxRequestLineSize(LINE_LIMIT)
                .withMaxHeaderSize(HEADER_LIMIT).withMaxBodySize(BODY_LIMIT)
                .withHeaderTimeout(Duration.ofSeconds(10)).withIdleTimeout(Duration.ofSeconds(10));
    }

    private App app(ServerConfig config) {
        App app = Merino.app(config);
        app.filter((request, chain) -> {
            requests.incrementAndGet();
            return chain.next(request);
        });
        app.get("/{*path}", request -> "path of " + request.path().length());
        app.post("/echo", request -> "echo of " + request.body().length);
        return app;
    }

    private void start(App app) {
        server = TestServers.start(app);
    }

    private static void assertRefusedAndClosed(RawClient client, int status) {
        RawResponse response = client.readResponse();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(response.header("Date")).isNotNull();
        assertThat(client.isClosedByServer()).isTrue();
    }

    @Test
    void acceptsARequestLineAtTheLimit() {
        start(app(config()));
        // "GET " + target + " HTTP/1.1" is 13 bytes besides the target.
        String target = "/" + "a".repeat(LINE_LIMIT - 14);

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().text()).isEqualTo("path of " + (LINE_LIMIT - 13));
        }
    }

    @Test
    void rejectsARequestLineOverTheLimitWith414() {
        start(app(config()));
        String target = "/" + "a".repeat(LINE_LIMIT - 13);

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertRefusedAndClosed(client, 414);
        }
        try (RawClient client = new RawClient(server.port())) {
            // Refused as soon as the limit is passed, without waiting for the line to end.
            client.send("GET /" + "a".repeat(4 * LINE_LIMIT));
            assertRefusedAndClosed(client, 414);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void acceptsAHeaderBlockAtTheLimit() {
        start(app(config()));
        // "Host: x" (7) and "X-Fill: " (8) count; line ends and the request line do not.
        String fill = "f".repeat(HEADER_LIMIT - 15);

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.1\r\nHost: x\r\nX-Fill: " + fill + "\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void rejectsAHeaderBlockOverTheLimitWith431() {
        start(app(config()));

        try (RawClient client = new RawClient(server.port())) {
            String fill = "f".repeat(HEADER_LIMIT - 14);
            client.send("GET /a HTTP/1.1\r\nHost: x\r\nX-Fill: " + fill + "\r\n\r\n");
            assertRefusedAndClosed(client, 431);
        }
        try (RawClient client = new RawClient(server.port())) {
            StringBuilder many = new StringBuilder("GET /a HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 100; i++) {
                many.append("X-").append(i).append(": v\r\n");
            }
            client.send(many.append("\r\n").toString());
            assertRefusedAndClosed(client, 431);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void acceptsABodyAtTheLimit() {
        start(app(config()));

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + BODY_LIMIT
                    + "\r\n\r\n" + "b".repeat(BODY_LIMIT));
            assertThat(client.readResponse().text()).isEqualTo("echo of " + BODY_LIMIT);
        }
    }

    @Test
    void rejectsAContentLengthOverTheLimitWith413BeforeTheBodyIsSent() {
        start(app(config()));

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (BODY_LIMIT + 1)
                    + "\r\n\r\n");
            assertRefusedAndClosed(client, 413);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void rejectsAChunkedBodyGrowingPastTheLimitWith413AndCloses() {
        start(app(config()));

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "200\r\n" + "a".repeat(512) + "\r\n"
                    + "200\r\n" + "b".repeat(512) + "\r\n"
                    + "1\r\nc\r\n0\r\n\r\n"
                    + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = client.readResponse();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.text()).contains("larger than the limit of " + BODY_LIMIT);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void rejectsAChunkedBodyPastTheLimitOfANonBlockingRouteWith413() {
        App app = app(config());
        app.post("/loop", RouteOptions.defaults().withNonBlocking(true),
                request -> "loop of " + request.body().length);
        start(app);

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /loop HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "400\r\n" + "a".repeat(1024) + "\r\n1\r\nb\r\n0\r\n\r\n");

            assertRefusedAndClosed(client, 413);
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /loop HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "400\r\n" + "a".repeat(1024) + "\r\n0\r\n\r\n");
            assertThat(client.readResponse().text()).isEqualTo("loop of 1024");
        }
    }

    @Test
    void routeBodyLimitOverridesTheServerLimit() {
        App app = app(config());
        app.post("/small", RouteOptions.defaults().withMaxBodySize(16),
                request -> "small of " + request.body().length);
        app.post("/large", RouteOptions.defaults().withMaxBodySize(4 * BODY_LIMIT),
                request -> "large of " + request.body().length);
        start(app);

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n"
                    + "s".repeat(16));
            assertThat(client.readResponse().text()).isEqualTo("small of 16");
            client.send("POST /large HTTP/1.1\r\nHost: x\r\nContent-Length: " + 3 * BODY_LIMIT
                    + "\r\n\r\n" + "l".repeat(3 * BODY_LIMIT));
            assertThat(client.readResponse().text()).isEqualTo("large of " + 3 * BODY_LIMIT);
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n");
            assertRefusedAndClosed(client, 413);
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "11\r\n" + "s".repeat(17) + "\r\n0\r\n\r\n");
            assertRefusedAndClosed(client, 413);
        }
    }

    @Test
    void answers408WhenHeadersStopArrivingWithinTheHeaderTimeout() {
        start(app(config().withHeaderTimeout(Duration.ofMillis(300))));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.1\r\nHost: x\r\n");
            assertRefusedAndClosed(client, 408);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void answers408WhenHeadersTrickleInPastTheHeaderTimeout() {
        start(app(config().withHeaderTimeout(Duration.ofMillis(300))));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.1\r\nHo");
            // Slowloris: a byte every 50 ms keeps the connection busy but never ends the head.
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 60; i++) {
                    try {
                        Thread.sleep(50);
                        client.send("s");
                    } catch (InterruptedException | UncheckedIOException e) {
                        return;
                    }
                }
            });
            assertRefusedAndClosed(client, 408);
            trickle.cancel(true);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void appliesTheHeaderTimeoutToTheNextRequestOnAKeepAliveConnection() {
        start(app(config().withHeaderTimeout(Duration.ofMillis(300))));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(200);
            client.send("GET /b HTTP/1.1\r\n");
            assertRefusedAndClosed(client, 408);
        }
    }

    @Test
    void closesAnIdleKeepAliveConnectionAfterTheIdleTimeout() {
        start(app(config().withIdleTimeout(Duration.ofMillis(300))));

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(200);

            assertThat(client.readToEnd()).isEmpty();
        }
        try (RawClient silent = new RawClient(server.port())) {
            assertThat(silent.readToEnd()).isEmpty();
        }
    }

    @Test
    void closesAConnectionWhoseBodyStallsAfterTheIdleTimeout() {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        App app = app(config().withIdleTimeout(Duration.ofMillis(300)));
        app.post("/upload", request -> {
            try {
                return "read " + request.body().length;
            } catch (RuntimeException e) {
                failure.complete(e);
                throw e;
            }
        });
        start(app);

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                    + "0123456789");

            assertThat(client.readToEnd()).isEmpty();
        }
        assertThat(failure).succeedsWithin(Duration.ofSeconds(5))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void keepsABodyThatArrivesSlowlyButSteadily() {
        start(app(config().withIdleTimeout(Duration.ofMillis(300))));

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
            // Ten sends 100 ms apart: past the idle timeout in total, never between two reads.
            for (int i = 0; i < 10; i++) {
                sleep(100);
                client.send("x");
            }
            assertThat(client.readResponse().text()).isEqualTo("echo of 10");
        }
    }

    @Test
    void keepsABodyThatAHandlerReadsSlowerThanTheIdleTimeout() {
        App app = app(config().withIdleTimeout(Duration.ofMillis(300)));
        app.post("/slow-reader", RouteOptions.defaults().withMaxBodySize(2 * 1024 * 1024),
                LimitsTest::readSlowly);
        start(app);

        int size = 1024 * 1024;
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /slow-reader HTTP/1.1\r\nHost: x\r\nContent-Length: " + size
                    + "\r\n\r\n");
            client.send(new byte[size]);

            assertThat(client.readResponse().text()).isEqualTo("read " + size);
        }
    }

    private static String readSlowly(Request request) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = request.bodyStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (total == 0) {
                    // The rest of the body waits unread, and the client with it: this is the
                    // handler being slow, not the client.
                    sleep(600);
                }
                total += n;
            }
        }
        return "read " + total;
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
