package dev.merino.threads;

import static dev.merino.threads.ThreadModes.app;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request threads scheduled on the event loops, against the default JDK carriers. */
class EventLoopThreadsTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Whether this is a virtual thread, and its carrier. */
    private static String virtualAndCarrier() {
        return Thread.currentThread().isVirtual() + " " + ThreadModes.carrier();
    }

    @Test
    void requestThreadsRunOnTheEventLoopThatReadTheRequest() {
        App app = app(true);
        app.get("/t", request -> virtualAndCarrier());
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/t").text()).startsWith("true merino-io-");
    }

    @Test
    void byDefaultRequestThreadsRunOnTheJdkCarriers() {
        App app = app(false);
        app.get("/t", request -> virtualAndCarrier());
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/t").text()).startsWith("true ForkJoinPool-");
    }

    @Test
    void aWaitingHandlerLeavesTheLoopToOtherConnectionsAndGoesOnOnIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        App app = app(true);
        app.get("/wait", request -> {
            boolean released = release.await(30, TimeUnit.SECONDS);
            Thread.sleep(50);
            return released + " " + virtualAndCarrier();
        });
        app.get("/quick", request -> "quick");
        server = TestServers.start(app);

        try (RawClient waiting = new RawClient(server.port())) {
            waiting.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
            // One loop serves both connections: the second is answered while the first waits.
            assertThat(Requests.get(server, "/quick").text()).isEqualTo("quick");
            release.countDown();

            assertThat(waiting.readResponse().text()).isEqualTo("true true merino-io-1");
        }
    }

    @Test
    void aHandlerReadsABodyThatArrivesInParts() throws Exception {
        App app = app(true);
        app.post("/count", request -> request.text().length() + " on " + virtualAndCarrier());
        server = TestServers.start(app);

        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello");
            assertThat(client.receivedNothingWithin(200)).isTrue();
            client.send("world");

            RawResponse response = client.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("10 on true merino-io-1");
        }
    }

    @Test
    void withoutTheOpenedBuilderTheServerDoesNotStartAndNamesTheOption() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(),
                "-cp", System.getProperty("java.class.path"),
                StartOnEventLoop.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(3);
        assertThat(output).contains("IllegalStateException: Virtual threads on the event loop"
                + " need the JVM option --add-opens java.base/java.lang=ALL-UNNAMED");
    }

    /** Starts a server with request threads on the event loop, in a JVM without the option. */
    static final class StartOnEventLoop {
        public static void main(String[] args) {
            try {
                app(true).start(0).stop();
                System.exit(0);
            } catch (IllegalStateException e) {
                System.out.println(e);
                System.exit(3);
            }
        }
    }
}
