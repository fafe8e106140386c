package dev.merino.autobahn;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.ServerConfig;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketMessage;
import dev.merino.websocket.WebSocketOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The WebSocket echo endpoint the Autobahn|Testsuite fuzzing client tests: {@code ws("/")}
 * sends every text message back as text and every binary message as binary.
 *
 * <p>The fuzzing client's Maven plugin calls {@link #main} with the port, on a thread of the
 * Maven JVM, and then connects to the address the machine's own name resolves to. The server
 * listens on that same address, and refuses to start unless it is a loopback address: the
 * fuzzer's traffic must never leave the machine. With the system property
 * {@code merino.autobahn.virtualThreadsOnEventLoop} true, the sessions' threads run on the
 * event loops ({@link ServerConfig#withVirtualThreadsOnEventLoop}).
 */
public final class EchoServer {
    /** Large enough for the 16 MiB messages of cases 9.1.x and 9.2.x. */
    static final int MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

    private EchoServer() {
    }

    /** Starts the echo server on the port given as the only argument; returns once it listens. */
    public static void main(String[] args) throws UnknownHostException {
        if (args.length != 1) {
            throw new IllegalArgumentException("arguments: " + args.length
                    + " (expected exactly one, the port)");
        }
        int port = Integer.parseInt(args[0]);
        InetAddress host = InetAddress.getLocalHost();
        if (!host.isLoopbackAddress()) {
            throw new IllegalStateException("This machine's name resolves to " + host
                    + ", not to a loopback address; the Autobahn run only targets loopback");
        }
        app(ServerConfig.defaults().withHost(host.getHostAddress())
                .withVirtualThreadsOnEventLoop(
                        Boolean.getBoolean("merino.autobahn.virtualThreadsOnEventLoop")))
                .start(port);
    }

    /** Returns the echo application with the given server settings. */
    static App app(ServerConfig config) {
        App app = Merino.app(config);
        WebSocketOptions options = WebSocketOptions.defaults()
                .withMaxMessageSize(MAX_MESSAGE_SIZE);
        app.ws("/", options, upgrade -> {
            WebSocket socket = upgrade.accept();
            for (WebSocketMessage message : socket) {
                if (message.isText()) {
                    socket.send(message.text());
                } else {
                    socket.send(message.bytes());
                }
            }
        });
        return app;
    }
}
