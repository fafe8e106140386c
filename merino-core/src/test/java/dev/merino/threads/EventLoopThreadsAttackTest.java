package dev.merino.threads;

import static dev.merino.threads.ThreadModes.app;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.http.MediaType;
import dev.merino.http.Response;
import dev.merino.testing.JdkWebSocket;
import dev.merino.testing.LogCapture;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile handlers and clients against request threads scheduled on the event loop: each test
 * runs in both modes, and whatever works on the JDK's carriers must work on the loop too.
 * Blocking of every kind (monitors, monitor wait/notify, conditions, futures, sockets, calls to
 * the server itself, yield loops, fan-out to virtual threads), slow bodies read inside a
 * monitor, stops from inside a handler and while handlers park or stream, many connections on
 * one and two loops, WebSocket sessions that block, throw, refuse or flood.
 * Threads on the loop need JDK 24 or newer (where waiting inside a monitor leaves the carrier);
 * the server refuses the setting on older JDKs.
 */
class EventLoopThreadsAttackTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static int errorsNow() {
        return (int) LogCapture.events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).count();
    }

    private static List<String> errorsSince(int before) {
        List<String> all = LogCapture.events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(LogCapture::render).toList();
        return all.subList(Math.min(before, all.size()), all.size());
    }

    // --- Blocking in every way -------------------------------------------------------------

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aHandlerWaitingInsideAMonitorForItsBodyGetsIt(boolean onEventLoop) {
        Object monitor = new Object();
        App app = app(onEventLoop);
        app.post("/sync", request -> {
            synchronized (monitor) {
                byte[] all = request.bodyStream().readAllBytes();
                return all.length + "";
            }
        });
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RawClient client = new RawClient(server.port())) {
                int size = 600 * 1024;
                client.send("POST /sync HTTP/1.1\r\nHost: x\r\nContent-Length: " + size
                        + "\r\n\r\n");
                byte[] part = new byte[size / 6];
                for (int i = 0; i < 6; i++) {
                    Thread.sleep(30);
                    client.send(part);
                }
                assertThat(client.readResponse().text()).isEqualTo(size + "");
            }
        });
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void monitorWaitAndNotifyAcrossConnectionsOfOneLoop(boolean onEventLoop) {
        Object monitor = new Object();
        boolean[] flag = {false};
        App app = app(onEventLoop);
        app.get("/wait", request -> {
            synchronized (monitor) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!flag[0] && System.nanoTime() < end) {
                    monitor.wait(5000);
                }
                return "woken " + flag[0];
            }
        });
        app.get("/notify", request -> {
            synchronized (monitor) {
                flag[0] = true;
                monitor.notifyAll();
            }
            return "notified";
        });
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RawClient waiting = new RawClient(server.port())) {
                waiting.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(100);
                assertThat(Requests.get(server, "/notify").text()).isEqualTo("notified");
                assertThat(waiting.readResponse().text()).isEqualTo("woken true");
            }
        });
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void conditionsFuturesAndLocksAcrossConnections(boolean onEventLoop) {
        ReentrantLock lock = new ReentrantLock();
        Condition ready = lock.newCondition();
        boolean[] flag = {false};
        CompletableFuture<String> future = new CompletableFuture<>();
        App app = app(onEventLoop);
        app.get("/cond", request -> {
            lock.lock();
            try {
                while (!flag[0]) {
                    if (!ready.await(5, TimeUnit.SECONDS)) {
                        return "timeout";
                    }
                }
                return "signalled";
            } finally {
                lock.unlock();
            }
        });
        app.get("/future", request -> future.get(5, TimeUnit.SECONDS));
        app.get("/go", request -> {
            lock.lock();
            try {
                flag[0] = true;
                ready.signalAll();
            } finally {
                lock.unlock();
            }
            future.complete("completed");
            return "go";
        });
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RawClient a = new RawClient(server.port());
                    RawClient b = new RawClient(server.port())) {
                a.send("GET /cond HTTP/1.1\r\nHost: x\r\n\r\n");
                b.send("GET /future HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(100);
                assertThat(Requests.get(server, "/go").text()).isEqualTo("go");
                assertThat(a.readResponse().text()).isEqualTo("signalled");
                assertThat(b.readResponse().text()).isEqualTo("completed");
            }
        });
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void blockingSocketIoToALoopbackServerLeavesTheLoopFree(boolean onEventLoop)
            throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            App app = app(onEventLoop);
            app.get("/backend", request -> {
                try (Socket socket = new Socket(backend.getInetAddress(),
                        backend.getLocalPort())) {
                    socket.setSoTimeout(5000);
                    return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            UTF_8)).readLine();
                }
            });
            app.get("/quick", request -> "quick");
            server = TestServers.start(app);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try (RawClient client = new RawClient(server.port())) {
                    client.send("GET /backend HTTP/1.1\r\nHost: x\r\n\r\n");
                    try (Socket accepted = backend.accept()) {
                        // The handler waits on the backend's socket: the loop serves others.
                        assertThat(Requests.get(server, "/quick").text()).isEqualTo("quick");
                        accepted.getOutputStream().write("from backend\n".getBytes(UTF_8));
                        assertThat(client.readResponse().text()).isEqualTo("from backend");
                    }
                }
            });
        }
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aHandlerCallsItsOwnServer(boolean onEventLoop) {
        App app = app(onEventLoop);
        AtomicReference<Server> self = new AtomicReference<>();
        app.get("/inner", request -> "inner");
        app.get("/outer", request -> {
            try (RawClient inner = new RawClient(self.get().port())) {
                inner.send("GET /inner HTTP/1.1\r\nHost: x\r\n\r\n");
                return "outer+" + inner.readResponse().text();
            }
        });
        app.get("/outer-jdk", request -> {
            HttpClient client = TestServers.client();
            return "outer+" + client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + self.get().port() + "/inner"))
                    .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        });
        server = TestServers.start(app);
        self.set(server);
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            assertThat(Requests.get(server, "/outer").text()).isEqualTo("outer+inner");
            assertThat(Requests.get(server, "/outer-jdk").text()).isEqualTo("outer+inner");
        });
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aThreadYieldLoopLetsAnotherConnectionOfTheLoopIn(boolean onEventLoop) {
        AtomicBoolean flag = new AtomicBoolean();
        App app = app(onEventLoop);
        app.get("/yield", request -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long turns = 0;
            while (!flag.get() && System.nanoTime() < end) {
                Thread.yield();
                turns++;
            }
            return "flag " + flag.get();
        });
        app.get("/set", request -> {
            flag.set(true);
            return "set";
        });
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /yield HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(100);
                long start = System.nanoTime();
                assertThat(Requests.get(server, "/set").text()).isEqualTo("set");
                assertThat(client.readResponse().text()).isEqualTo("flag true");
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isLessThan(Duration.ofSeconds(3));
            }
        });
    }

    // --- Threads a handler starts ----------------------------------------------------------

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aHandlerStartsVirtualThreadsAndWaitsForThem(boolean onEventLoop) {
        App app = app(onEventLoop);
        app.get("/fan", request -> {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> parts = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    parts.add(pool.submit(() -> {
                        Thread.sleep(20);
                        return n;
                    }));
                }
                int sum = 0;
                for (Future<Integer> part : parts) {
                    sum += part.get(5, TimeUnit.SECONDS);
                }
                return "sum " + sum;
            }
        });
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThat(Requests.get(server, "/fan").text()).isEqualTo("sum 190"));
    }

    // --- Stop ------------------------------------------------------------------------------

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void stopCalledFromInsideAHandler(boolean onEventLoop) {
        AtomicReference<Server> self = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        App app = app(onEventLoop);
        app.get("/stop", request -> {
            self.get().stop(Duration.ofMillis(300));
            stopped.countDown();
            return "stopped";
        });
        server = TestServers.start(app);
        self.set(server);
        int errors = errorsNow();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /stop HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
                // The stop goes on without the handler, whose answer still goes out.
                assertThat(new String(client.readToEnd(), StandardCharsets.ISO_8859_1))
                        .startsWith("HTTP/1.1 200").endsWith("stopped");
            }
        });
        assertThat(errorsSince(errors)).isEmpty();
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void stopWhileHandlersAreParkedThenTheyResume(boolean onEventLoop) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(4);
        ReentrantLock lock = new ReentrantLock();
        Condition never = lock.newCondition();
        App app = app(onEventLoop);
        app.get("/latch", request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
                return "late";
            } finally {
                finished.countDown();
            }
        });
        app.get("/sleep", request -> {
            try {
                Thread.sleep(1500);
                return Response.stream(MediaType.parse("text/plain"), out -> {
                    out.write("late stream".getBytes(UTF_8));
                });
            } finally {
                finished.countDown();
            }
        });
        app.post("/body", request -> {
            try {
                return request.text();
            } finally {
                finished.countDown();
            }
        });
        app.get("/cond", request -> {
            lock.lock();
            try {
                never.await(1200, TimeUnit.MILLISECONDS);
                return Response.json(List.of("late", "json"));
            } finally {
                lock.unlock();
                finished.countDown();
            }
        });
        server = TestServers.start(app);
        int errors = errorsNow();
        List<RawClient> clients = new ArrayList<>();
        try {
            for (String r : List.of("GET /latch HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n",
                    "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf",
                    "GET /cond HTTP/1.1\r\nHost: x\r\n\r\n")) {
                RawClient client = new RawClient(server.port());
                client.send(r);
                clients.add(client);
            }
            Thread.sleep(200);
            assertTimeoutPreemptively(Duration.ofSeconds(8),
                    () -> server.stop(Duration.ofMillis(500)));
            release.countDown();
            assertThat(finished.await(8, TimeUnit.SECONDS)).as("handlers finished").isTrue();
            Thread.sleep(300);
        } finally {
            clients.forEach(RawClient::close);
        }
        assertThat(errorsSince(errors)).isEmpty();
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void stopWhileStreamingToAClientThatDoesNotRead(boolean onEventLoop) throws Exception {
        CountDownLatch writerEnded = new CountDownLatch(1);
        App app = app(onEventLoop);
        app.get("/stream", request -> Response.stream(MediaType.parse("text/plain"), out -> {
            try {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 1000; i++) {
                    out.write(chunk);
                }
            } finally {
                writerEnded.countDown();
            }
        }));
        app.get("/sse", request -> Response.stream(MediaType.parse("text/event-stream"), out -> {
            for (int i = 0; i < 200; i++) {
                out.write(("data: " + i + "\n\n").getBytes(UTF_8));
                out.flush();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        }));
        server = TestServers.start(app);
        int errors = errorsNow();
        try (RawClient slow = new RawClient(server.port());
                RawClient sse = new RawClient(server.port())) {
            slow.socket().setReceiveBufferSize(4096);
            slow.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            sse.send("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(sse.readHead().status()).isEqualTo(200);
            sse.readChunk();
            Thread.sleep(300);
            assertTimeoutPreemptively(Duration.ofSeconds(8),
                    () -> server.stop(Duration.ofMillis(500)));
            assertThat(writerEnded.await(5, TimeUnit.SECONDS)).isTrue();
        }
        Thread.sleep(200);
        assertThat(errorsSince(errors)).isEmpty();
    }

    // --- Many connections ------------------------------------------------------------------

    @ParameterizedTest(name = "onEventLoop={0}, ioThreads={1}")
    @org.junit.jupiter.params.provider.CsvSource({"false,1", "true,1", "false,2", "true,2"})
    void manyConnectionsWithBlockingHandlers(boolean onEventLoop, int ioThreads) {
        App app = Merino.app(TestServers.config().withIoThreads(ioThreads)
                .withVirtualThreadsOnEventLoop(onEventLoop));
        app.get("/sleep", request -> {
            Thread.sleep(200);
            return "ok";
        });
        app.post("/echo", request -> request.text());
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    RawClient c = new RawClient(server.port());
                    c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n"
                            + String.format("%03d", i)
                            + "GET /sleep HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    clients.add(c);
                }
                long start = System.nanoTime();
                for (int i = 0; i < clients.size(); i++) {
                    RawClient c = clients.get(i);
                    assertThat(c.readResponse().text()).isEqualTo("ok");
                    assertThat(c.readResponse().text()).isEqualTo(String.format("%03d", i));
                    assertThat(c.readResponse().text()).isEqualTo("ok");
                    assertThat(c.isClosedByServer()).isTrue();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isLessThan(Duration.ofSeconds(5));
            } finally {
                clients.forEach(RawClient::close);
            }
        });
    }

    // --- WebSockets ------------------------------------------------------------------------

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void webSocketSessionsThatBlockThrowAndEcho(boolean onEventLoop) {
        CountDownLatch release = new CountDownLatch(1);
        App app = app(onEventLoop);
        app.ws("/block", upgrade -> {
            WebSocket socket = upgrade.accept();
            release.await(5, TimeUnit.SECONDS);
            for (WebSocketMessage m : socket) {
                socket.send("echo " + m.text());
            }
        });
        app.ws("/throw", upgrade -> {
            WebSocket socket = upgrade.accept();
            socket.receive();
            throw new IllegalStateException("boom");
        });
        app.ws("/refuse", upgrade -> {
            throw new dev.merino.http.Forbidden("no");
        });
        app.get("/quick", request -> "quick");
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (JdkWebSocket block = JdkWebSocket.connect(server, "/block");
                    JdkWebSocket thrower = JdkWebSocket.connect(server, "/throw")) {
                for (int i = 0; i < 100; i++) {
                    block.send("m" + i);
                }
                assertThat(Requests.get(server, "/quick").text()).isEqualTo("quick");
                thrower.send("x");
                assertThat(thrower.awaitClose().code()).isEqualTo(1011);
                release.countDown();
                for (int i = 0; i < 100; i++) {
                    assertThat(block.next()).isEqualTo(new JdkWebSocket.Text("echo m" + i));
                }
            }
            assertThat(JdkWebSocket.refused(server, "/refuse").statusCode()).isEqualTo(403);
        });
    }

    // --- More probes -----------------------------------------------------------------------

    private static int recurse(int n) {
        return n == Integer.MIN_VALUE ? 0 : recurse(n + 1) + 1;
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aStackOverflowInAHandlerIsAnsweredAndTheLoopGoesOn(boolean onEventLoop) {
        App app = app(onEventLoop);
        app.get("/deep", request -> "depth " + recurse(0));
        app.get("/quick", request -> "quick");
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /deep HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(client.readResponse().status()).isEqualTo(500);
            }
            assertThat(Requests.get(server, "/quick").text()).isEqualTo("quick");
        });
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aBodyThatStopsArrivingTimesOutWhileTheHandlerWaits(boolean onEventLoop) {
        CountDownLatch failed = new CountDownLatch(1);
        App app = Merino.app(TestServers.config().withIdleTimeout(Duration.ofMillis(500))
                .withVirtualThreadsOnEventLoop(onEventLoop));
        app.post("/body", request -> {
            try {
                return request.text();
            } catch (dev.merino.http.ClientDisconnected e) {
                failed.countDown();
                throw e;
            }
        });
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RawClient client = new RawClient(server.port())) {
                client.send("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab");
                assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(client.isClosedByServer()).isTrue();
            }
        });
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void stopWithPipelinedRequestsQueuedBehindAParkedOne(boolean onEventLoop) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger after = new AtomicInteger();
        App app = app(onEventLoop);
        app.get("/park", request -> {
            release.await(10, TimeUnit.SECONDS);
            return "parked";
        });
        app.get("/after", request -> {
            after.incrementAndGet();
            return "after";
        });
        server = TestServers.start(app);
        int errors = errorsNow();
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /park HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n".repeat(5));
            Thread.sleep(200);
            Thread releaser = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // test thread
                }
                release.countDown();
            });
            assertTimeoutPreemptively(Duration.ofSeconds(8),
                    () -> server.stop(Duration.ofSeconds(2)));
            releaser.join();
            RawResponse first = client.readResponse();
            assertThat(first.text()).isEqualTo("parked");
            assertThat(first.header("connection")).isEqualTo("close");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(after.get()).isZero();
        assertThat(errorsSince(errors)).isEmpty();
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void monitorContentionBetweenRequestsOfOneLoop(boolean onEventLoop) {
        Object monitor = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        App app = app(onEventLoop);
        app.get("/hold", request -> {
            synchronized (monitor) {
                holding.countDown();
                Thread.sleep(500);
                return "held";
            }
        });
        app.get("/enter", request -> {
            synchronized (monitor) {
                return "entered";
            }
        });
        app.get("/quick", request -> "quick");
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RawClient a = new RawClient(server.port());
                    RawClient b = new RawClient(server.port())) {
                a.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
                b.send("GET /enter HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(50);
                // A thread blocked entering a monitor leaves the loop (JDK 24+).
                assertThat(Requests.get(server, "/quick").text()).isEqualTo("quick");
                assertThat(a.readResponse().text()).isEqualTo("held");
                assertThat(b.readResponse().text()).isEqualTo("entered");
            }
        });
    }

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void stopWhileWebSocketHandlersReceiveAndSendToAPeerThatDoesNotRead(boolean onEventLoop)
            throws Exception {
        CountDownLatch ended = new CountDownLatch(2);
        App app = app(onEventLoop);
        app.ws("/recv", upgrade -> {
            WebSocket socket = upgrade.accept();
            try {
                socket.receive();
            } finally {
                ended.countDown();
            }
        });
        app.ws("/flood", upgrade -> {
            WebSocket socket = upgrade.accept();
            try {
                String big = "x".repeat(64 * 1024);
                for (int i = 0; i < 2000; i++) {
                    socket.send(big);
                }
            } finally {
                ended.countDown();
            }
        });
        server = TestServers.start(app);
        int errors = errorsNow();
        try (dev.merino.testing.RawWebSocket recv = dev.merino.testing.RawWebSocket.connect(
                server.port(), "/recv");
                dev.merino.testing.RawWebSocket flood = dev.merino.testing.RawWebSocket.connect(
                        server.port(), "/flood")) {
            Thread.sleep(300);
            assertTimeoutPreemptively(Duration.ofSeconds(8),
                    () -> server.stop(Duration.ofMillis(500)));
            assertThat(recv.readFrame(Duration.ofSeconds(3)).closeCode()).isEqualTo(1001);
            assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        }
        Thread.sleep(200);
        assertThat(errorsSince(errors)).isEmpty();
    }
}
