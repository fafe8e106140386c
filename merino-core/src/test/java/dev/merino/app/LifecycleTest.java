package dev.merino.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.LogCapture;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void startAndStopListenersAreCalledOnceWithTheServer() {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<Server> seen = new CopyOnWriteArrayList<>();
        App app = TestServers.app();
        app.get("/", request -> "up");
        app.onStart(server -> {
            calls.add("start " + server.port());
            seen.add(server);
            // The server accepts connections by the time the listener runs.
            calls.add(Requests.get(server, "/").text());
        });
        app.onStop(server -> {
            calls.add("stop " + server.port());
            seen.add(server);
        });

        Server server = TestServers.start(app);
        int port = server.port();
        assertThat(calls).containsExactly("start " + port, "up");
        server.stop();
        server.stop();
        server.close();

        assertThat(calls).containsExactly("start " + port, "up", "stop " + port);
        assertThat(seen).containsOnly(server).hasSize(2);
    }

    @Test
    void listeningLineNamesTheAddressAndStartUpTime() {
        int before = LogCapture.events().size();
        App app = TestServers.app();

        try (Server server = TestServers.start(app)) {
            List<String> lines = LogCapture.events().stream().skip(before)
                    .filter(e -> e.getLevel() == Level.INFO)
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("listening")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).containsPattern("Merino listening on http://127\\.0\\.0\\.1:"
                    + server.port() + " \\(started in \\d+ ms");
        }
    }

    @Test
    void portInUseFailsWithAClearExceptionAndOneErrorLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            int before = LogCapture.events().size();
            App app = TestServers.app();

            assertThatThrownBy(() -> app.start(port))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Cannot listen on 127.0.0.1:" + port);

            List<String> errors = LogCapture.events().stream().skip(before)
                    .filter(e -> e.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).contains("127.0.0.1:" + port);
        }
    }

    @Test
    void failingStartListenerStopsTheServerAndFreesThePort() throws Exception {
        int[] port = new int[1];
        App app = TestServers.app();
        app.onStart(server -> {
            port[0] = server.port();
            throw new IllegalStateException("cache warm-up failed");
        });

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cache warm-up failed");

        try (ServerSocket again = new ServerSocket(port[0], 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port[0]);
        }
    }
}
