package dev.merino.threads;

import static dev.merino.threads.ThreadModes.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The thread of a pipelined request started early is created by the thread of the request
 * before it ({@code HttpConnection.Runner}); in both modes it inherits nothing from it.
 */
class PipelinedRequestThreadInheritanceTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static final InheritableThreadLocal<String> USER = new InheritableThreadLocal<>();
    private static final ThreadLocal<String> PLAIN = new ThreadLocal<>();

    /**
     * No thread-local, inheritable thread-local, context class loader or interrupt status a
     * request sets on its thread reaches the request pipelined behind it.
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
