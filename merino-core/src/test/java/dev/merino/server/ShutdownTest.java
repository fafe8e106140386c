package dev.merino.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.merino.App;
import dev.merino.RouteOptions;
import dev.merino.Server;
import dev.merino.testing.LogCapture;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.TestServers;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server.stop as clients see it: drained, refused, closed. */
class ShutdownTest {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger nextHandled = new AtomicInteger();
    private Server server;

    /** A JSON body, so that a late response holds a pooled buffer. */
    record Done(String state) {
    }

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.get("/slow", request -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return new Done("done");
        });
        app.get("/next", request -> {
            nextHandled.incrementAndGet();
            return "next";
        });
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop();
    }

    private CompletableFuture<Void> stopInBackground(Duration drain) {
        return CompletableFuture.runAsync(() -> server.stop(drain));
    }

    /** Waits, for up to 5 seconds, until a new connection to the server is refused. */
    private void awaitConnectionsRefused() throws InterruptedException {
        awaitConnectionsRefused(server.port());
    }

    private static void awaitConnectionsRefused(int port) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            try {
                new RawClient(port).close();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof ConnectException) {
                    return;
                }
                // A probe still in the accept queue when the listener closed is reset instead.
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The server still accepts connections after stop began.");
    }

    @Test
    void letsAnInFlightRequestFinishWithConnectionClose() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = stopInBackground(Duration.ofSeconds(5));
            awaitConnectionsRefused();

            release.countDown();
            RawResponse response = client.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"state\":\"done\"}");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.isClosedByServer()).isTrue();
            stopping.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesNewConnectionsOnceStopBegins() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = stopInBackground(Duration.ofSeconds(5));

            awaitConnectionsRefused();
            assertThatThrownBy(() -> new RawClient(server.port()).close())
                    .hasCauseInstanceOf(ConnectException.class);
            assertThat(stopping).isNotDone();
            release.countDown();
            stopping.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void doesNotStartARequestPipelinedBehindTheInFlightOne() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = stopInBackground(Duration.ofSeconds(5));
            awaitConnectionsRefused();

            release.countDown();
            assertThat(client.readResponse().header("Connection")).isEqualToIgnoringCase("close");
            // RFC 9112 section 9.6: the client retries what got no answer elsewhere.
            assertThat(client.isClosedByServer()).isTrue();
            stopping.get(5, TimeUnit.SECONDS);
        }
        assertThat(nextHandled).hasValue(0);
    }

    @Test
    void closesIdleKeepAliveConnectionsWhenStopBegins() throws Exception {
        try (RawClient idle = new RawClient(server.port());
                RawClient silent = new RawClient(server.port())) {
            idle.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.readResponse().header("Connection")).isNull();

            // A long drain: only closing idle connections at once lets the stop end quickly.
            CompletableFuture<Void> stopping = stopInBackground(Duration.ofSeconds(30));

            assertThat(idle.readToEnd()).isEmpty();
            assertThat(silent.readToEnd()).isEmpty();
            stopping.get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "nonBlocking={0}")
    @ValueSource(booleans = {false, true})
    void aHandlerThatStopsItsOwnServerStillAnswers(boolean nonBlocking) throws Exception {
        AtomicReference<Server> self = new AtomicReference<>();
        AtomicLong stopReturnedAfter = new AtomicLong(-1);
        App app = TestServers.app();
        app.get("/shutdown", RouteOptions.defaults().withNonBlocking(nonBlocking), request -> {
            long begun = System.nanoTime();
            // A long drain: waiting for this very request would hold the answer for all of it.
            self.get().stop(Duration.ofSeconds(20));
            stopReturnedAfter.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
            return "stopping";
        });
        Server own = TestServers.start(app);
        self.set(own);
        long begun = System.nanoTime();
        try (RawClient client = new RawClient(own.port())) {
            client.send("GET /shutdown HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = client.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("stopping");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(stopReturnedAfter.get()).isBetween(0L, 2_000L);
        // The stop goes on without the handler and ends once its connection has closed.
        awaitConnectionsRefused(own.port());
        assertThatThrownBy(() -> new RawClient(own.port()).close())
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun)).isLessThan(10_000L);
        own.stop();
    }

    @Test
    void aHandlerThatStopsAnotherServerDoesNotWaitForItsDrain() throws Exception {
        App app = TestServers.app();
        app.get("/stop-other", request -> {
            long begun = System.nanoTime();
            server.stop(Duration.ofSeconds(20));
            return Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
        });
        Server other = TestServers.start(app);
        try (RawClient slow = new RawClient(server.port());
                RawClient client = new RawClient(other.port())) {
            slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            client.send("GET /stop-other HTTP/1.1\r\nHost: x\r\n\r\n");
            // The drain waits for /slow, but not the handler that asked for it.
            assertThat(Long.parseLong(client.readResponse().text())).isLessThan(2_000L);
            awaitConnectionsRefused();

            release.countDown();
            assertThat(slow.readResponse().header("Connection")).isEqualToIgnoringCase("close");
        } finally {
            other.stop();
        }
    }

    @Test
    void closesAConnectionWhoseHandlerOutlivesTheDrain() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            server.stop(Duration.ofMillis(200));

            assertThat(client.readToEnd()).isEmpty();
        }

        // The handler finishes after the event loops are gone: its response is dropped quietly,
        // its buffer released (LeakCheck), and nothing is logged as a server error.
        release.countDown();
        List<ILoggingEvent> dropped = List.of();
        for (int i = 0; i < 250 && dropped.isEmpty(); i++) {
            Thread.sleep(20);
            dropped = LogCapture.events().stream()
                    .filter(e -> e.getFormattedMessage().startsWith("Dropped the response to"
                            + " GET /slow"))
                    .toList();
        }
        assertThat(dropped).hasSize(1);
        assertThat(LogCapture.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                && e.getFormattedMessage().contains("/slow"));
    }
}
