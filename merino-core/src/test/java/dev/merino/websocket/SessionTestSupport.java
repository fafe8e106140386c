package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.JdkWebSocket;
import dev.merino.testing.LogCapture;
import dev.merino.testing.RawWebSocket;
import dev.merino.testing.RawWebSocket.Frame;
import dev.merino.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * What the session-phase tests share: an app to declare routes on, a server on loopback,
 * clients that are closed before the server stops (so that no stop waits out a drain), and a
 * queue through which handlers report what they saw.
 */
@Timeout(20)
abstract class SessionTestSupport {
    protected App app = TestServers.app();
    protected Server server;
    protected final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable client : clients.reversed()) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    protected void start() {
        server = TestServers.start(app);
    }

    /** Opens a raw WebSocket and checks that the server accepted it. */
    protected RawWebSocket raw(String path, String... headerLines) {
        RawWebSocket socket = RawWebSocket.connect(server.port(), path, headerLines);
        clients.add(socket);
        assertThat(socket.response().status()).as("handshake status").isEqualTo(101);
        return socket;
    }

    protected JdkWebSocket jdk(String path) {
        JdkWebSocket socket = JdkWebSocket.connect(server, path);
        clients.add(socket);
        return socket;
    }

    /** Returns the next thing the handler reported, waiting up to 5 seconds. */
    protected Object nextSeen() throws InterruptedException {
        Object value = seen.poll(5, TimeUnit.SECONDS);
        assertThat(value).as("what the handler saw").isNotNull();
        return value;
    }

    /** An echo handler: text back as text, binary back as binary, until the peer closes. */
    protected static void echo(WebSocketUpgrade upgrade) {
        WebSocket socket = upgrade.accept();
        for (WebSocketMessage message : socket) {
            if (message.isText()) {
                socket.send(message.text());
            } else {
                socket.send(message.bytes());
            }
        }
    }

    /**
     * Asserts that exactly one Close frame is among the frames, as the last one, and returns
     * it: the server sent nothing after its Close, and never a second one.
     */
    protected static Frame onlyClose(List<Frame> frames) {
        List<Frame> closes = frames.stream().filter(Frame::isClose).toList();
        assertThat(closes).as("Close frames in %s", frames).hasSize(1);
        assertThat(frames.get(frames.size() - 1)).as("the last frame").isSameAs(closes.get(0));
        assertThat(frames).as("server frames are never masked").noneMatch(Frame::masked);
        return closes.get(0);
    }

    /** Asserts a Close frame's code and its reason bytes, exactly. */
    protected static void assertClose(Frame close, int code, String reason) {
        assertThat(close.closeCode()).as("close code of %s", close).isEqualTo(code);
        assertThat(close.reason()).as("close reason").isEqualTo(reason);
    }

    /** Returns the events logged since the mark at the level, from Merino's WebSocket logger. */
    protected static List<ILoggingEvent> logged(int mark, Level level) {
        return LogCapture.events().stream().skip(mark)
                .filter(e -> e.getLevel() == level)
                .filter(e -> e.getLoggerName().startsWith("dev.merino"))
                .toList();
    }

    /** Returns a mark for {@link #logged}. */
    protected static int logMark() {
        return LogCapture.events().size();
    }
}
