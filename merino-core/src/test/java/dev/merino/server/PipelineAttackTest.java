package dev.merino.server;

import static dev.merino.testing.RawRequests.get;
import static dev.merino.testing.RawRequests.head;
import static dev.merino.testing.RawRequests.post;
import static dev.merino.testing.RawRequests.chunked;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.RouteOptions;
import dev.merino.Server;
import dev.merino.http.MediaType;
import dev.merino.http.Response;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on pipelining: requests started early, the backlog, event-loop routes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineAttackTest {
    private final App app = TestServers.app();
    private final AtomicInteger requests = new AtomicInteger();
    private Server server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            Server s = server;
            // Bounded: a stuck event loop must fail the test, not hang the build.
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::stop);
            try {
                stopping.get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                interruptEventLoops();
                stopping.get(15, TimeUnit.SECONDS);
                throw new AssertionError("server.stop() did not return within 15 s", e);
            }
        }
    }

    private static void interruptEventLoops() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("merino-io-")) {
                t.interrupt();
            }
        }
    }

    private void start() {
        server = TestServers.startCounting(app, requests);
    }

    private void routes() {
        app.get("/sleep/{ms:int}", request -> {
            Thread.sleep(request.pathParam("ms", Integer.class));
            return "slept";
        });
        app.get("/n/{n:int}", request -> "n=" + request.pathParam("n"));
        app.get("/loop/{n:int}", RouteOptions.defaults().withNonBlocking(true),
                request -> "loop=" + request.pathParam("n"));
        app.post("/echo", request -> "echo " + request.text());
        app.post("/loop-echo", RouteOptions.defaults().withNonBlocking(true),
                request -> "loop-echo " + request.text());
    }

    // ---------------------------------------------------------------- Connection: close set by app

    @Test
    void nothingFollowsAResponseThatSaysConnectionClose() {
        routes();
        app.get("/bye", request -> Response.text("bye").withHeader("Connection", "close"));
        start();

        try (RawClient client = new RawClient(server.port(), 1000)) {
            client.send(get("/bye") + get("/n/2"));
            RawResponse bye = client.readResponse();
            assertThat(bye.text()).isEqualTo("bye");
            assertThat(bye.header("Connection")).isEqualToIgnoringCase("close");
            // RFC 9112 section 9.6: a server that sends close must close after that response.
            assertThat(client.receivedNothingWithin(300))
                    .as("no response may follow one carrying Connection: close").isTrue();
            assertThat(client.isClosedByServer()).as("closed after Connection: close").isTrue();
        }
        assertThat(requests).hasValue(1);
    }

    // ---------------------------------------------------------------- half close

    @Test
    void treatsAHalfCloseAsTheClientLeavingAndRunsNothingStartedBehindTheRunningRequest()
            throws Exception {
        routes();
        start();

        try (RawClient client = new RawClient(server.port(), 3000)) {
            client.send(get("/sleep/200") + get("/n/1") + get("/n/2"));
            // A FIN reads the same whether the client closed its socket or only its sending
            // side: the server takes it as the client gone, and does no more work for it.
            client.socket().shutdownOutput();
            assertThat(client.readToEnd()).isEmpty();
        }
        Thread.sleep(400);
        assertThat(requests).hasValue(1);
    }

    // ---------------------------------------------------------------- event-loop streaming

    @Test
    void anEventLoopRouteStreamingToASlowReaderDoesNotStallOtherConnections() throws Exception {
        routes();
        byte[] block = new byte[16 * 1024];
        app.get("/loop-stream", RouteOptions.defaults().withNonBlocking(true),
                request -> Response.stream(MediaType.TEXT_PLAIN, out -> {
                    for (int i = 0; i < 4096; i++) { // 64 MiB
                        out.write(block);
                    }
                }));
        start();

        try (RawClient slow = new RawClient(server.port(), 2000)) {
            slow.send(get("/loop-stream"));
            Thread.sleep(300);
            // Another connection on the same (single) event loop.
            long t0 = System.nanoTime();
            boolean answered;
            try (RawClient other = new RawClient(server.port(), 3000)) {
                other.send(get("/n/7"));
                answered = "n=7".equals(other.readResponse().text());
            } catch (RuntimeException e) {
                answered = false;
            }
            assertThat(answered).as("another connection answered within 3 s while an event-loop"
                    + " route streams to a client that does not read (took %d ms)",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isTrue();
        } finally {
            interruptEventLoops();
        }
    }

    // ---------------------------------------------------------------- stop during a pipeline

    @Test
    void stopDuringAPipelineAnswersTheRunningRequestWithCloseAndRunsNothingStartedBehindIt()
            throws Exception {
        routes();
        start();
        try (RawClient client = new RawClient(server.port(), 5000)) {
            StringBuilder all = new StringBuilder(get("/sleep/500"));
            for (int i = 0; i < 50; i++) {
                all.append(get("/n/" + i));
            }
            client.send(all.toString());
            Thread.sleep(150);
            Server s = server;
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::stop);
            RawResponse first = client.readResponse();
            assertThat(first.text()).isEqualTo("slept");
            assertThat(first.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.readToEnd()).isEmpty();
            stopping.get(10, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1900);
            server = null;
        }
        assertThat(requests).hasValue(1);
    }

    // ---------------------------------------------------------------- client leaves mid-pipeline

    @Test
    void aClientThatLeavesMidPipelineRunsNothingStartedBehindTheRunningRequest()
            throws Exception {
        routes();
        start();
        try (RawClient client = new RawClient(server.port())) {
            StringBuilder all = new StringBuilder(get("/sleep/300"));
            for (int i = 0; i < 200; i++) {
                all.append(get("/n/" + i));
            }
            client.send(all.toString());
            Thread.sleep(100);
        }
        Thread.sleep(800);
        assertThat(requests).hasValue(1);
        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/n/1"));
            assertThat(client.readResponse().text()).isEqualTo("n=1");
        }
    }

    // ---------------------------------------------------------------- refusals in the middle

    @Test
    void refusalsInTheMiddleOfAPipelineComeInOrderAndEndIt() {
        routes();
        start();
        String[] bad = {
            "GET /n/1 HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",                 // 400
            "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",         // 414
            "GET /n/1 HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(17000) + "\r\n\r\n", // 431
            "BREW /n/1 HTTP/1.1\r\nHost: x\r\n\r\n",                            // 501
            "GET /n/1 HTTP/2.0\r\nHost: x\r\n\r\n",                             // 505
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", // 413
            "GET /n/1 HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n",           // 417
        };
        int[] status = {400, 414, 431, 501, 505, 413, 417};
        for (int k = 0; k < bad.length; k++) {
            int before = requests.get();
            try (RawClient client = new RawClient(server.port())) {
                client.send(get("/sleep/100") + get("/n/1") + head("/n/2") + bad[k]
                        + get("/n/3") + get("/n/4"));
                assertThat(client.readResponse().text()).isEqualTo("slept");
                assertThat(client.readResponse().text()).isEqualTo("n=1");
                RawResponse h = client.readResponse(true);
                assertThat(h.status()).isEqualTo(200);
                assertThat(h.header("Content-Length")).isEqualTo("3");
                RawResponse refused = client.readResponse();
                assertThat(refused.status()).as("case %d", k).isEqualTo(status[k]);
                assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(refused.body().length)
                        .isEqualTo(Integer.parseInt(refused.header("Content-Length")));
                assertThat(client.readToEnd()).as("case %d", k).isEmpty();
            }
            assertThat(requests.get() - before).as("case %d", k).isEqualTo(3);
        }
    }

    // ---------------------------------------------------------------- HTTP/1.0 in the middle

    @Test
    void anHttp10RequestInTheMiddleEndsThePipeline() {
        routes();
        start();
        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/sleep/100") + get("/n/1") + "GET /n/2 HTTP/1.0\r\n\r\n"
                    + get("/n/3"));
            assertThat(client.readResponse().text()).isEqualTo("slept");
            assertThat(client.readResponse().text()).isEqualTo("n=1");
            RawResponse last = client.readResponse();
            assertThat(last.text()).isEqualTo("n=2");
            assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.readToEnd()).isEmpty();
        }
        assertThat(requests).hasValue(3);
    }

    // ---------------------------------------------------------------- websocket after early ones

    @Test
    void aWebSocketUpgradeBehindRequestsStartedEarlySwitchesAfterTheirResponses()
            throws Exception {
        routes();
        app.ws("/ws", upgrade -> {
            dev.merino.websocket.WebSocket socket = upgrade.accept();
            for (dev.merino.websocket.WebSocketMessage message : socket) {
                socket.send(message.text());
            }
        });
        start();
        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/sleep/100") + get("/n/1") + get("/n/2")
                    + "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n" + get("/n/3"));
            assertThat(client.readResponse().text()).isEqualTo("slept");
            assertThat(client.readResponse().text()).isEqualTo("n=1");
            assertThat(client.readResponse().text()).isEqualTo("n=2");
            assertThat(client.readHead().status()).isEqualTo(101);
            client.send(dev.merino.testing.RawWebSocket.Frame.text("hi").encode());
            byte[] frame = client.input().readNBytes(4);
            assertThat(frame).containsExactly(0x81, 2, 'h', 'i');
        }
        assertThat(requests).hasValue(4);
    }

    // ---------------------------------------------------------------- a long mixed pipeline

    @Test
    void aLongMixedPipelineIsAnsweredInOrderByteForByte() throws Exception {
        routes();
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "file-content-0123456789");
        app.get("/file", request -> Response.file(file));
        app.get("/stream/{n:int}", request -> Response.stream(MediaType.TEXT_PLAIN, out -> {
            out.write(("s" + request.pathParam("n")).getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("-end".getBytes(StandardCharsets.UTF_8));
        }));
        app.get("/throw/{n:int}", request -> {
            throw new IllegalStateException("boom");
        });
        app.get("/none", request -> null);
        start();

        int count = 3000;
        StringBuilder all = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            switch (i % 11) {
                case 0 -> { all.append(get("/n/" + i)); expected.add("200 n=" + i); }
                case 1 -> {
                    all.append(head("/n/" + i));
                    expected.add("HEAD 200 " + ("n=" + i).length());
                }
                case 2 -> { all.append(post("/echo", "p" + i)); expected.add("200 echo p" + i); }
                case 3 -> {
                    all.append(chunked("/loop-echo", "c" + i));
                    expected.add("200 loop-echo c" + i);
                }
                case 4 -> { all.append(get("/loop/" + i)); expected.add("200 loop=" + i); }
                case 5 -> { all.append(get("/file")); expected.add("200 file-content-0123456789"); }
                case 6 -> { all.append(get("/stream/" + i)); expected.add("200 s" + i + "-end"); }
                case 7 -> { all.append(get("/throw/" + i)); expected.add("500"); }
                case 8 -> { all.append(get("/none")); expected.add("204 "); }
                case 9 -> { all.append(get("/missing/" + i)); expected.add("404"); }
                default -> { all.append(i % 2 == 0 ? get("/sleep/1") : head("/file"));
                    expected.add(i % 2 == 0 ? "200 slept" : "HEAD 200 23"); }
            }
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.ISO_8859_1);
        try (RawClient client = new RawClient(server.port(), 10000)) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    OutputStream out = client.socket().getOutputStream();
                    for (int off = 0; off < bytes.length; off += 7777) {
                        out.write(bytes, off, Math.min(7777, bytes.length - off));
                        out.flush();
                    }
                } catch (Exception ignored) {
                    // reported by the reader
                }
            });
            for (int i = 0; i < count; i++) {
                String e = expected.get(i);
                boolean isHead = e.startsWith("HEAD");
                RawResponse r = client.readResponse(isHead);
                assertThat(r.header("Connection")).as("response %d", i).isNull();
                if (isHead) {
                    assertThat("HEAD " + r.status() + " " + r.header("Content-Length"))
                            .as("response %d", i).isEqualTo(e);
                } else if (e.equals("500") || e.equals("404")) {
                    assertThat(String.valueOf(r.status())).as("response %d", i).isEqualTo(e);
                    assertThat(r.body().length).isEqualTo(
                            Integer.parseInt(r.header("Content-Length")));
                } else {
                    assertThat(r.status() + " " + r.text()).as("response %d", i).isEqualTo(e);
                    if (r.header("Transfer-Encoding") == null && r.status() != 204) {
                        assertThat(r.header("Content-Length")).as("response %d", i)
                                .isEqualTo(String.valueOf(r.body().length));
                    }
                }
            }
            writer.join(10000);
            assertThat(client.receivedNothingWithin(200)).isTrue();
            client.send(get("/n/1"));
            assertThat(client.readResponse().text()).isEqualTo("n=1");
        }
        assertThat(requests).hasValue(count + 1);
    }

    // ---------------------------------------------------------------- backlog pausing

    @Test
    void stopsReadingAPipelineThatOutrunsTheHandlers() throws Exception {
        routes();
        start();
        byte[] one = get("/n/1").getBytes(StandardCharsets.ISO_8859_1);
        int total = 32 * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/sleep/1500"));
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    OutputStream out = client.socket().getOutputStream();
                    byte[] batch = new byte[one.length * 1000];
                    for (int i = 0; i < 1000; i++) {
                        System.arraycopy(one, 0, batch, i * one.length, one.length);
                    }
                    while (sent.get() < total) {
                        out.write(batch);
                        sent.addAndGet(batch.length);
                    }
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            Thread.sleep(1000);
            long accepted = sent.get();
            assertThat(accepted).as("bytes the server took while its first handler sleeps")
                    .isLessThan(16L * 1024 * 1024);
            assertThat(requests.get()).isLessThanOrEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- Expect in the middle

    @Test
    void expectContinueInTheMiddleOfAPipeline() {
        routes();
        start();
        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/sleep/100") + get("/n/1")
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 3\r\n\r\nabc" + get("/n/2")
                    + "POST /loop-echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 3\r\n\r\ndef" + get("/n/3"));
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RawResponse r = client.readResponse();
                seen.add(r.status() + " " + r.text());
                if (r.text().equals("n=3")) {
                    break;
                }
            }
            assertThat(seen.stream().filter(s -> !s.startsWith("100")).toList())
                    .containsExactly("200 slept", "200 n=1", "200 echo abc", "200 n=2",
                            "200 loop-echo def", "200 n=3");
        }
    }

    // ---------------------------------------------------------------- a client that never reads

    @Test
    void stopsReadingRequestsOfAClientThatDoesNotReadItsResponses() throws Exception {
        // Large enough that what the kernel's socket buffers take (tens of MiB on loopback) is
        // far fewer responses than a server queueing without bound would serve.
        byte[] big = new byte[1024 * 1024];
        app.get("/big", request ->
                Response.bytes(big, MediaType.parse("application/octet-stream")));
        app.get("/loop-big", RouteOptions.defaults().withNonBlocking(true),
                request -> Response.bytes(big, MediaType.parse("application/octet-stream")));
        start();
        for (String target : new String[] {"/big", "/loop-big"}) {
            int before = requests.get();
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                all.append(get(target));
            }
            try (RawClient client = new RawClient(server.port())) {
                client.send(all.toString());
                Thread.sleep(1500);
                int served = requests.get() - before;
                // 400 x 1 MiB the server would hold for a client that never reads.
                assertThat(served).as("%s: requests served for a client reading nothing", target)
                        .isLessThan(200);
            }
        }
    }

    // ---------------------------------------------------------------- header timeout behind

    @Test
    void aPartialHeadPipelinedBehindASlowRequestGetsTheHeaderTimeout() {
        server = TestServers.start(configured(TestServers.config()
                .withHeaderTimeout(Duration.ofMillis(300))));
        try (RawClient client = new RawClient(server.port(), 5000)) {
            client.send(get("/sleep/100") + "GET /n/1 HTTP/1.1\r\nHo");
            assertThat(client.readResponse().text()).isEqualTo("slept");
            long t0 = System.nanoTime();
            RawResponse timeout = client.readResponse();
            assertThat(timeout.status()).isEqualTo(408);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
        }
    }

    private App configured(dev.merino.ServerConfig config) {
        App other = dev.merino.Merino.app(config);
        other.get("/sleep/{ms:int}", request -> {
            Thread.sleep(request.pathParam("ms", Integer.class));
            return "slept";
        });
        other.get("/n/{n:int}", request -> "n=" + request.pathParam("n"));
        return other;
    }

    // ---------------------------------------------------------------- a large body in the middle

    @Test
    void aLargeBodyReadSlowlyInTheMiddleOfAPipeline() throws Exception {
        routes();
        app.post("/slow-count", request -> {
            java.io.InputStream in = request.bodyStream();
            byte[] buf = new byte[8192];
            long n = 0;
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
                if (n % (256 * 1024) < 8192) {
                    Thread.sleep(5);
                }
            }
            return "count " + n;
        });
        app.post("/ignore", request -> "ignored");
        start();
        String body = "x".repeat(2 * 1024 * 1024);
        try (RawClient client = new RawClient(server.port(), 10000)) {
            Thread writer = Thread.ofPlatform().start(() -> client.send(get("/sleep/50")
                    + get("/n/1") + post("/slow-count", body) + get("/n/2")
                    + chunked("/slow-count", body) + get("/loop/3") + post("/ignore", body)
                    + get("/n/4")));
            assertThat(client.readResponse().text()).isEqualTo("slept");
            assertThat(client.readResponse().text()).isEqualTo("n=1");
            assertThat(client.readResponse().text()).isEqualTo("count " + body.length());
            assertThat(client.readResponse().text()).isEqualTo("n=2");
            assertThat(client.readResponse().text()).isEqualTo("count " + body.length());
            assertThat(client.readResponse().text()).isEqualTo("loop=3");
            RawResponse ignored = client.readResponse();
            assertThat(ignored.text()).isEqualTo("ignored");
            if ("close".equalsIgnoreCase(ignored.header("Connection"))) {
                assertThat(client.isClosedByServer()).isTrue();
            } else {
                assertThat(client.readResponse().text()).isEqualTo("n=4");
            }
            writer.join(5000);
        }
    }

    // ---------------------------------------------------------------- event-loop variety

    @Test
    void eventLoopRoutesThatThrowCloseOrAnswerHeadInAPipeline() {
        routes();
        app.get("/loop-throw", RouteOptions.defaults().withNonBlocking(true), request -> {
            throw new IllegalStateException("boom");
        });
        app.get("/loop-close", RouteOptions.defaults().withNonBlocking(true),
                request -> "closing");
        start();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            all.append(get("/loop-throw")).append(head("/loop/" + i)).append(get("/n/" + i));
        }
        all.append("GET /loop-close HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        all.append(get("/n/999")).append(get("/loop/999"));
        try (RawClient client = new RawClient(server.port())) {
            client.send(all.toString());
            for (int i = 0; i < 100; i++) {
                RawResponse thrown = client.readResponse();
                assertThat(thrown.status()).isEqualTo(500);
                assertThat(thrown.body().length)
                        .isEqualTo(Integer.parseInt(thrown.header("Content-Length")));
                RawResponse h = client.readResponse(true);
                assertThat(h.status()).isEqualTo(200);
                assertThat(h.header("Content-Length")).isEqualTo(
                        String.valueOf(("loop=" + i).length()));
                assertThat(client.readResponse().text()).isEqualTo("n=" + i);
            }
            RawResponse closing = client.readResponse();
            assertThat(closing.text()).isEqualTo("closing");
            assertThat(closing.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.readToEnd()).isEmpty();
        }
        assertThat(requests).hasValue(301);
    }

    // ---------------------------------------------------------------- close races, repeated

    @Test
    void connectionCloseInTheMiddleNeverRunsWhatIsStartedBehindIt() {
        routes();
        start();
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            tail.append(i % 2 == 0 ? get("/n/" + i) : head("/n/" + i));
        }
        for (int round = 0; round < 300; round++) {
            int before = requests.get();
            try (RawClient client = new RawClient(server.port())) {
                client.send(get("/n/0") + get("/n/1")
                        + "GET /n/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + tail);
                assertThat(client.readResponse().text()).isEqualTo("n=0");
                assertThat(client.readResponse().text()).isEqualTo("n=1");
                RawResponse closing = client.readResponse();
                assertThat(closing.text()).isEqualTo("n=2");
                assertThat(closing.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(client.readToEnd()).as("round %d", round).isEmpty();
            }
            assertThat(requests.get() - before).as("round %d", round).isEqualTo(3);
        }
    }

    /**
     * Minimal: the thread of a later request started early (Connection: close) sets the
     * connection-wide closeAfterResponse flag in keepAliveAfter; the event loop's finish() of
     * the request before it reads that flag and closes after the earlier response, so the
     * closing request's response, whose handler ran, is lost.
     */
    @Test
    void theResponseOfAnEarlyStartedClosingRequestIsNotLost() {
        app.get("/n/{n:int}", request -> "n=" + request.pathParam("n"));
        start();
        for (int round = 0; round < 500; round++) {
            int before = requests.get();
            try (RawClient client = new RawClient(server.port())) {
                client.send(get("/n/0") + get("/n/1")
                        + "GET /n/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                String all = new String(client.readToEnd(), StandardCharsets.ISO_8859_1);
                assertThat(requests.get() - before).isEqualTo(3);
                assertThat(all).as("round %d: every handler ran; every response must arrive",
                        round).contains("n=0").contains("n=1").contains("n=2");
            }
        }
    }
}
