package dev.merino.server;

import static dev.merino.testing.RawRequests.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.http.MediaType;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.TestServers;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chunked request bodies, streamed responses, Expect: 100-continue and backpressure. */
class BodiesTest {
    private final App app = TestServers.app();
    private final AtomicInteger requests = new AtomicInteger();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        server = TestServers.startCounting(app, requests);
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() {
        app.post("/echo", request -> request.rawBody().declaredLength() + " [" + request.text()
                + "]");
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;name=value\r\nWiki\r\n"
                    + "5 ; quoted=\"a;b\"\r\npedia\r\n"
                    + "E\r\n in\r\n\r\nchunks.\r\n"
                    + "0;last\r\nX-Checksum: 42\r\nX-More: yes\r\n\r\n");
            RawResponse response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("-1 [Wikipedia in\r\n\r\nchunks.]");
            assertThat(response.header("Connection")).isNull();
            client.send(get("/echo").replace("GET", "POST"));
            assertThat(client.readResponse().text()).isEqualTo("0 []");
        }
    }

    @Test
    void readsAChunkedBodySentAFewBytesAtATime() {
        app.post("/echo", request -> request.text());
        start();

        String body = "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n3\r\n123\r\n0\r\n\r\n";
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < body.length(); i += 3) {
                client.send(body.substring(i, Math.min(body.length(), i + 3)));
            }

            assertThat(client.readResponse().text()).isEqualTo("abcdefghijklmnopqrstuvwxyz123");
        }
    }

    @Test
    void streamsAChunkedResponseFramedOnTheWire() {
        app.get("/stream", request -> Response.stream(MediaType.TEXT_PLAIN, out -> {
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write(" world".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("!".getBytes(StandardCharsets.UTF_8));
        }));
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/stream"));
            RawResponse head = client.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(head.header("Content-Length")).isNull();
            assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(new String(client.readChunk(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(new String(client.readChunk(), StandardCharsets.UTF_8))
                    .isEqualTo(" world");
            assertThat(new String(client.readChunk(), StandardCharsets.UTF_8)).isEqualTo("!");
            assertThat(client.readChunk()).isEmpty();
            // The connection stays usable: the last chunk ended the body exactly.
            client.send(get("/stream"));
            assertThat(client.readResponse().text()).isEqualTo("hello world!");
        }
    }

    @Test
    void streamedResponseEndsWithTheLastChunkAndNothingElse() {
        app.get("/stream", request -> Response.stream(MediaType.OCTET_STREAM, out -> {
            out.write(new byte[] {'a', 'b', 'c'});
            out.flush();
        }));
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String wire = new String(client.readToEnd(), StandardCharsets.ISO_8859_1);

            assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("\r\ntransfer-encoding: chunked\r\n")
                    .contains("\r\nconnection: close\r\n")
                    .endsWith("\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        }
    }

    @Test
    void streamsAnHttp10ResponseDelimitedByTheClose() {
        app.get("/stream", request -> Response.stream(MediaType.TEXT_PLAIN, out -> {
            out.write("one ".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("two".getBytes(StandardCharsets.UTF_8));
        }));
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawResponse head = client.readHead();

            assertThat(head.header("Transfer-Encoding")).isNull();
            assertThat(head.header("Content-Length")).isNull();
            assertThat(head.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8))
                    .isEqualTo("one two");
        }
    }

    @Test
    void sendsContinueOnlyOnceTheHandlerReadsTheBody() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        app.post("/upload", request -> {
            entered.countDown();
            read.await(5, TimeUnit.SECONDS);
            return Response.text("got " + request.text()).withStatus(Status.CREATED);
        });
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.receivedNothingWithin(100)).isTrue();

            read.countDown();
            RawResponse interim = client.readResponse();
            assertThat(interim.status()).isEqualTo(100);
            assertThat(interim.headers()).isEmpty();
            client.send("hello");
            RawResponse response = client.readResponse();
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.text()).isEqualTo("got hello");
            assertThat(response.header("Connection")).isNull();

            client.send(get("/upload").replace("GET", "POST").replace("\r\n\r\n",
                    "\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"));
            assertThat(client.readResponse().status()).isEqualTo(100);
            client.send("ok");
            assertThat(client.readResponse().text()).isEqualTo("got ok");
        }
    }

    @Test
    void answersWithoutContinueWhenTheHandlerDoesNotReadTheBody() {
        app.post("/upload", request -> Response.status(Status.FORBIDDEN));
        app.get("/smuggled", request -> "smuggled");
        start();

        String smuggled = get("/smuggled");
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + smuggled.length()
                    + "\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = client.readResponse();

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            // A client that sends the body anyway must not have it taken for a request.
            client.send(smuggled);
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void discardsAnUnreadBodyThatArrivedAndKeepsTheConnection() throws Exception {
        CountDownLatch bodySent = new CountDownLatch(1);
        app.post("/ignore", request -> {
            bodySent.await(5, TimeUnit.SECONDS);
            Thread.sleep(50);
            return "ignored";
        });
        app.get("/next", request -> "next");
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 33\r\n\r\n"
                    + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n".substring(0, 33));
            bodySent.countDown();

            assertThat(client.readResponse().text()).isEqualTo("ignored");
            client.send(get("/next"));
            assertThat(client.readResponse().text()).isEqualTo("next");
        }
        assertThat(requests).hasValue(2);
    }

    @Test
    void servesTheNextRequestAfterAHandlerIgnoredALargeBody() {
        app.post("/ignore", request -> {
            // Lets the body arrive in full (a quarter MiB over loopback) without reading it.
            Thread.sleep(500);
            return "ignored";
        });
        app.get("/next", request -> "next");
        start();

        // Just past the 256 KiB at which reading pauses: the body ends in the read that pauses.
        int size = 256 * 1024 + 1;
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: " + size
                    + "\r\n\r\n");
            client.send(new byte[size]);
            RawResponse ignored = client.readResponse();
            assertThat(ignored.text()).isEqualTo("ignored");
            assertThat(ignored.header("Connection")).isNull();

            client.send(get("/next"));
            assertThat(client.readResponse().text()).isEqualTo("next");
        }
    }

    @Test
    void refusesAnExpectationOtherThanContinueWith417() {
        app.post("/upload", request -> request.text());
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Expect: 200-ok\r\n\r\nhello" + get("/upload"));
            RawResponse response = client.readResponse();

            assertThat(response.status()).isEqualTo(417);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void jdkClientExpectingContinueGetsTheFinalResponse() throws Exception {
        app.post("/upload", request -> "got " + request.text());
        start();

        HttpResponse<String> response = TestServers.client().send(HttpRequest.newBuilder(
                TestServers.base(server).resolve("/upload")).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("payload")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("got payload");
    }

    @Test
    void streamsALargeBodyToASlowReaderWithoutBufferingItAll() throws Exception {
        int writeSize = 64 * 1024;
        int writes = 1024;
        long total = (long) writeSize * writes;
        AtomicLong written = new AtomicLong();
        app.get("/large", request -> Response.stream(MediaType.OCTET_STREAM, out -> {
            byte[] block = new byte[writeSize];
            for (int i = 0; i < writes; i++) {
                fill(block, (long) i * writeSize);
                out.write(block);
                written.addAndGet(writeSize);
            }
        }));
        start();

        try (RawClient client = new RawClient(server.port(), 20_000)) {
            client.send(get("/large"));
            assertThat(client.readHead().header("Transfer-Encoding")).isEqualTo("chunked");

            // Not reading: the writer must come to a stop well short of the whole body.
            long previous = -1;
            for (int i = 0; i < 100 && written.get() != previous; i++) {
                previous = written.get();
                Thread.sleep(100);
            }
            assertThat(written.get()).isEqualTo(previous).isLessThan(total / 2);

            InputStream in = client.input();
            long received = 0;
            for (byte[] chunk; (chunk = client.readChunk()).length > 0; ) {
                assertThat(matches(chunk, received)).as("chunk at %d", received).isTrue();
                received += chunk.length;
            }
            assertThat(received).isEqualTo(total);
            assertThat(in.available()).isZero();
        }
    }

    private static void fill(byte[] block, long offset) {
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ((offset + i) % 251);
        }
    }

    private static boolean matches(byte[] chunk, long offset) {
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] != (byte) ((offset + i) % 251)) {
                return false;
            }
        }
        return true;
    }

    /** A body past the read-pause mark, read whole: as bytes, as text, as JSON. */
    @Test
    void readsABodyLargerThanThePauseMarkWhole() {
        app.post("/bytes", request -> "bytes " + request.body().length);
        app.post("/text", request -> "text " + request.text().length());
        app.post("/json", request -> "json " + request.json(String.class).length());
        start();
        int size = 3 * 1024 * 1024;
        String text = "x".repeat(size);

        RawResponse bytes = dev.merino.testing.Requests.call(server, "POST", "/bytes",
                text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        RawResponse plain = dev.merino.testing.Requests.callWithText(server, "POST", "/text",
                text, "Content-Type: text/plain; charset=utf-8");
        RawResponse json = dev.merino.testing.Requests.callWithText(server, "POST", "/json",
                "\"" + text + "\"", "Content-Type: application/json");

        assertThat(bytes.text()).isEqualTo("bytes " + size);
        assertThat(plain.text()).isEqualTo("text " + size);
        assertThat(json.text()).isEqualTo("json " + size);
    }

    @Test
    void aNonBlockingRouteGetsABodyLargerThanThePauseMark() {
        app.post("/nb", dev.merino.RouteOptions.defaults().withNonBlocking(true),
                request -> "bytes " + request.body().length);
        start();
        byte[] body = new byte[2 * 1024 * 1024];

        RawResponse response = dev.merino.testing.Requests.call(server, "POST", "/nb", body);

        assertThat(response.text()).isEqualTo("bytes " + body.length);
    }

    @Test
    void aClientLeavingMidBodyIsNotLoggedAsAServerError() throws Exception {
        java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
        app.post("/upload", request -> {
            try {
                return "read " + request.body().length;
            } finally {
                failed.countDown();
            }
        });
        start();
        int before = dev.merino.testing.LogCapture.events().size();

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                    + "0123456789");
            Thread.sleep(100);
        }
        assertThat(failed.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);

        assertThat(dev.merino.testing.LogCapture.events().stream().skip(before)
                .filter(event -> event.getLevel()
                        .isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .map(dev.merino.testing.LogCapture::render))
                .as("WARN or ERROR lines for a client that left").isEmpty();
    }
}
