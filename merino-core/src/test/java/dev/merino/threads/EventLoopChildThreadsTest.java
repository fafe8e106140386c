package dev.merino.threads;

import static dev.merino.threads.ThreadModes.app;
import static dev.merino.threads.ThreadModes.carrier;
import static dev.merino.threads.ThreadModes.spin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Work a handler hands to virtual threads it starts itself runs on the JDK's carriers, not on
 * the handler's loop; a class initializer that blocks holds the loop, as documented.
 */
class EventLoopChildThreadsTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * The JDK gives a virtual thread the scheduler of the virtual thread that starts it; a
     * virtual thread a handler starts for long work still runs on the JDK's carriers, and the
     * handler's response does not wait for it.
     */
    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void workHandedToAVirtualThreadOfTheHandlerDoesNotHoldTheLoop(boolean onEventLoop) {
        AtomicReference<String> workerCarrier = new AtomicReference<>();
        CountDownLatch workDone = new CountDownLatch(1);
        App app = app(onEventLoop);
        app.get("/offload", request -> {
            Thread.ofVirtual().start(() -> {
                workerCarrier.set(carrier());
                spin(2000);
                workDone.countDown();
            });
            return "offloaded";
        });
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            CompletableFuture<String> offload = CompletableFuture.supplyAsync(
                    () -> Requests.get(server, "/offload").text());
            try {
                // The handler returns at once; its response must not wait for the worker.
                assertThat(offload.get(1, TimeUnit.SECONDS)).isEqualTo("offloaded");
                assertThat(workerCarrier.get()).doesNotStartWith("merino-io-");
            } finally {
                workDone.await(5, TimeUnit.SECONDS);
            }
        });
    }

    private static volatile int selfPort;

    private static String callInner() {
        try (RawClient client = new RawClient(selfPort, 2000)) {
            client.send("GET /inner HTTP/1.1\r\nHost: x\r\n\r\n");
            return client.readResponse().text();
        } catch (RuntimeException e) {
            return "failed: " + e;
        }
    }

    /** Configuration a class loads once, from a service this same server provides. */
    static final class SettingsOnCarriers {
        static final String VALUE = callInner();
    }

    /** The same, for the run on the event loop (a class initializes once per JVM). */
    static final class SettingsOnLoop {
        static final String VALUE = callInner();
    }

    /**
     * A thread that blocks in a class initializer holds its carrier on every JDK (JEP 491 left
     * that case pinned). On the loop, when what it waits for needs the same loop, it waits until
     * its own timeout (the client's 2 s read here), as ServerConfig's Javadoc says; the loop
     * then goes on. On the carriers it is served.
     */
    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aClassInitializerThatCallsTheServerItselfWaitsOutItsTimeoutOnTheLoop(
            boolean onEventLoop) {
        App app = app(onEventLoop);
        app.get("/inner", request -> "inner");
        app.get("/settings", request -> onEventLoop ? SettingsOnLoop.VALUE
                : SettingsOnCarriers.VALUE);
        server = TestServers.start(app);
        selfPort = server.port();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            String settings = Requests.get(server, "/settings").text();
            if (onEventLoop) {
                assertThat(settings).startsWith("failed: ").contains("Timeout");
            } else {
                assertThat(settings).isEqualTo("inner");
            }
            assertThat(Requests.get(server, "/inner").text()).isEqualTo("inner");
        });
    }
}
