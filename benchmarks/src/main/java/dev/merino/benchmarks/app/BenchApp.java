package dev.merino.benchmarks.app;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.RouteOptions;
import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.benchmarks.Admin;
import dev.merino.benchmarks.Payloads;
import dev.merino.benchmarks.Payloads.Echo;
import dev.merino.benchmarks.Payloads.Message;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketMessage;

/**
 * The Merino benchmark application, written as a user would write it: handlers return values
 * and Merino turns them into responses.
 *
 * <p>Endpoints: {@code GET /plaintext}, {@code GET /json}, {@code GET /users/{id:int}?fields=},
 * {@code POST /echo} and a WebSocket echo at {@code /ws}, plus {@code /admin/allocated} and
 * {@code /admin/heap} for the harness. The modes:
 * <ul>
 *   <li>{@code default}: handlers run on virtual threads on the JDK's carrier threads;
 *   <li>{@code loop-threads}: the same routes, with
 *       {@link ServerConfig#withVirtualThreadsOnEventLoop(boolean)}: handlers still run on
 *       virtual threads, scheduled on the event loop of their connection. The JVM needs
 *       {@code --add-opens java.base/java.lang=ALL-UNNAMED}, or the app does not start;
 *   <li>{@code event-loop}: the HTTP routes are declared non-blocking and run on the event
 *       loop itself.
 * </ul>
 * The WebSocket session always runs on a virtual thread (on the loop in {@code loop-threads}).
 *
 * <p>Arguments: {@code --mode default|loop-threads|event-loop}, {@code --port N} (default
 * 8080), {@code --io-threads N} (default 0: Merino's default). Listens on 127.0.0.1 only.
 */
public final class BenchApp {

    private BenchApp() {
    }

    /** Starts the app; it runs until the process is stopped. */
    public static void main(String[] args) {
        long mainAt = System.nanoTime();
        String mode = option(args, "--mode", "default");
        int port = Integer.parseInt(option(args, "--port", "8080"));
        int ioThreads = Integer.parseInt(option(args, "--io-threads", "0"));
        if (!mode.equals("default") && !mode.equals("loop-threads")
                && !mode.equals("event-loop")) {
            throw new IllegalArgumentException("--mode: '" + mode
                    + "' (expected default, loop-threads or event-loop)");
        }
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1")
                .withIoThreads(ioThreads)
                .withVirtualThreadsOnEventLoop(mode.equals("loop-threads"));
        Server server = create(config, mode.equals("event-loop")).start(port);
        // Concatenation, not printf: java.util.Formatter's first use loads locale data, which
        // would run beside the first request and count in start-up.
        System.out.println("merino-bench " + mode + " listening on 127.0.0.1:" + server.port()
                + " (main to listening " + (System.nanoTime() - mainAt) / 1_000_000 + " ms)");
    }

    /** Builds the application; with {@code eventLoop}, HTTP routes are non-blocking. */
    public static App create(ServerConfig config, boolean eventLoop) {
        RouteOptions http = RouteOptions.defaults().withNonBlocking(eventLoop);
        App app = Merino.app(config);
        app.get("/plaintext", http, request -> Payloads.HELLO);
        app.get("/json", http, request -> new Message(Payloads.HELLO));
        app.get("/users/{id:int}", http, request -> Payloads.user(
                request.pathParam("id", Integer.class),
                request.queryParam("fields").orElse(null)));
        app.post("/echo", http, request -> request.json(Echo.class));
        app.ws("/ws", upgrade -> {
            WebSocket socket = upgrade.accept();
            for (WebSocketMessage message : socket) {
                if (message.isText()) {
                    socket.send(message.text());
                } else {
                    socket.send(message.bytes());
                }
            }
        });
        app.get("/admin/allocated", request -> Long.toString(Admin.allocatedBytes()));
        app.get("/admin/heap", request -> Long.toString(Admin.heapAfterGc()));
        return app;
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
