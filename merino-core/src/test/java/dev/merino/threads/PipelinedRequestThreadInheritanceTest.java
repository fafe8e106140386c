package dev.merino.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.TestServers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FAILS in both modes (not specific to threads on the event loop). The thread of a pipelined
 * request started early is created by the thread of the request before it
 * ({@code HttpConnection.Runner}), so it inherits that request's inheritable thread-locals and
 * its context class loader, against THREADING.md: "Each request still gets a new thread: no
 * thread-local or interrupt carries over."
 */
class PipelinedRequestThreadInheritanceTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static App app(boolean onEventLoop) {
        return Merino.app(TestServers.config().withVirtualThreadsOnEventLoop(onEventLoop));
    }

    private static String carrier() {
        String self = Thread.currentThread().toString();
        return self.substring(self.indexOf('@') + 1);
    }

    /** Burns CPU for the given time without blocking. */
    private static long spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        return x;
    }

    private static final InheritableThreadLocal<String> USER = new InheritableThreadLocal<>();
    private static final ThreadLocal<String> PLAIN = new ThreadLocal<>();

    /**
     * THREADING.md: "Each request still gets a new thread: no thread-local or interrupt carries
     * over." But the thread of a pipelined request is created by the thread of the request
     * before it, and inherits its inheritable thread-locals and its context class loader.
     */
    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void nothingARequestSetsOnItsThreadReachesTheNextPipelinedRequest(boolean onEventLoop) {
        ClassLoader loaderOfRequestOne = new ClassLoader(null) { };
        App app = app(onEventLoop);
        app.get("/set", request -> {
            // Long enough for the pipelined /get to be read and queued behind this one.
            Thread.sleep(300);
            USER.set("alice");
            PLAIN.set("plain");
            Thread.currentThread().setContextClassLoader(loaderOfRequestOne);
            Thread.currentThread().interrupt();
            return "set";
        });
        app.get("/get", request -> "user=" + USER.get() + " plain=" + PLAIN.get()
                + " foreignLoader=" + (Thread.currentThread().getContextClassLoader()
                        == loaderOfRequestOne)
                + " interrupted=" + Thread.currentThread().isInterrupted());
        server = TestServers.start(app);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /set HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /get HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(client.readResponse().text()).isEqualTo("set");
                assertThat(client.readResponse().text()).isEqualTo(
                        "user=null plain=null foreignLoader=false interrupted=false");
            }
        });
    }
}
