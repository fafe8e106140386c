package dev.merino.interop;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.http.BadRequest;
import dev.merino.http.Forbidden;
import dev.merino.http.Response;
import dev.merino.http.ServiceUnavailable;
import dev.merino.http.TooManyRequests;
import dev.merino.http.Unauthorized;
import dev.merino.websocket.CloseCode;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketCloseException;
import dev.merino.websocket.WebSocketMessage;
import dev.merino.websocket.WebSocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server that {@code interop/run.sh} drives with independent WebSocket clients: one route
 * per row of {@code interop/scenarios.json}, each behaving as DESIGN section 4 describes.
 *
 * <p>Usage: {@code InteropApp PORT}, where 0 picks a free port. It listens on 127.0.0.1 only,
 * prints {@code PORT n} on standard output once it listens, and stops on SIGTERM (or Ctrl-C).
 */
public final class InteropApp {
    /** The page the browser client opens, so its sockets come from this origin. */
    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Merino interop</title></head>
            <body><p>Merino WebSocket interop: the browser client runs its scenarios here.</p>
            </body></html>
            """;
    private static final WebSocketOptions SMALL = WebSocketOptions.defaults()
            .withMaxMessageSize(1024);

    private InteropApp() {
    }

    /** Starts the application on the port in {@code args[0]} and runs until stopped. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Queue<Server> spares = new ConcurrentLinkedQueue<>();
        Server server = create(spares).start(port);

        // SIGTERM runs the hook: the spares still up stop first, then the main server. The
        // server's event-loop threads keep the JVM alive until then.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            spares.forEach(spare -> spare.stop(Duration.ofSeconds(2)));
            server.stop(Duration.ofSeconds(2));
        }, "interop-stop"));
        System.out.println("PORT " + server.port());
        System.out.flush();
    }

    /**
     * Returns a loopback-only configuration with short drains, so a stop never lingers; request
     * threads on the event loops when the system property
     * {@code merino.interop.virtualThreadsOnEventLoop} is true.
     */
    static ServerConfig config() {
        return ServerConfig.defaults().withHost("127.0.0.1")
                .withShutdownTimeout(Duration.ofSeconds(5))
                .withVirtualThreadsOnEventLoop(
                        Boolean.getBoolean("merino.interop.virtualThreadsOnEventLoop"));
    }

    /** Builds the application; {@code spares} collects the servers started for 1001 rows. */
    static App create(Queue<Server> spares) {
        App app = Merino.app(config());
        app.get("/", request -> Response.html(PAGE));
        app.get("/spare-server", request -> {
            Server spare = spare().start(0);
            spares.add(spare);
            return String.valueOf(spare.port());
        });
        sessionRoutes(app);
        refusedHandshakes(app);
        return app;
    }

    /** Routes that accept, then end the session in one of the ways DESIGN section 4 lists. */
    private static void sessionRoutes(App app) {
        app.ws("/echo", upgrade -> echo(upgrade.accept()));
        app.ws("/small", SMALL, upgrade -> echo(upgrade.accept()));
        app.ws("/small-uncompressed", SMALL.withCompression(false),
                upgrade -> echo(upgrade.accept()));
        app.ws("/text-only", WebSocketOptions.defaults().withTextOnly(true),
                upgrade -> echo(upgrade.accept()));
        app.ws("/returns", upgrade -> upgrade.accept());
        app.ws("/app-close", upgrade -> upgrade.accept()
                .close(CloseCode.application(4000), "Bye from the app ✓"));
        app.ws("/close-exception", upgrade -> {
            upgrade.accept();
            throw new WebSocketCloseException(CloseCode.registered(3001), "Registered code");
        });
        app.ws("/forbidden-after-accept", upgrade -> {
            upgrade.accept();
            throw new Forbidden("Not your room.");
        });
        app.ws("/too-many-after-accept", upgrade -> {
            upgrade.accept();
            throw new TooManyRequests("Slow down.", Duration.ofSeconds(5));
        });
        app.ws("/unavailable-after-accept", upgrade -> {
            upgrade.accept();
            throw new ServiceUnavailable("Try again later.");
        });
        app.ws("/crash-after-accept", upgrade -> {
            upgrade.accept();
            throw new IllegalStateException("interop: a deliberate failure after accept");
        });
        app.ws("/subprotocol", upgrade -> {
            // The server prefers chat.v2, whatever order the client offered them in.
            List<String> offered = upgrade.subprotocols();
            WebSocket socket = upgrade.accept(offered.contains("chat.v2") ? "chat.v2" : null);
            socket.send("subprotocol=" + socket.subprotocol().orElse(""));
            echo(socket);
        });
        app.ws("/deflate", upgrade -> {
            WebSocket socket = upgrade.accept();
            socket.send("compressed=" + socket.isCompressed());
            echo(socket);
        });
    }

    /** Routes whose handshake is refused; the 404 row uses a path with no route at all. */
    private static void refusedHandshakes(App app) {
        app.ws("/unauthorized", upgrade -> {
            throw new Unauthorized("Sign in to chat.", "Bearer realm=\"interop\"");
        });
        app.ws("/undecided", upgrade -> {
            // Neither accept nor reject: the framework answers 403.
        });
        app.ws("/bad-request", upgrade -> {
            throw new BadRequest("The room parameter is missing.");
        });
        app.ws("/crash-before-accept", upgrade -> {
            throw new IllegalStateException("interop: a deliberate failure before accept");
        });
        app.ws("/reject-409", upgrade -> upgrade.reject(
                Response.text("The room is full.").withStatus(409)));
    }

    /**
     * Returns a server with one route whose session waits; a text message {@code stop} makes
     * the server stop, which must close the session with 1001.
     */
    private static App spare() {
        App spare = Merino.app(config());
        AtomicReference<Server> self = new AtomicReference<>();
        spare.onStart(self::set);
        spare.ws("/going-away", upgrade -> {
            WebSocket socket = upgrade.accept();
            socket.send("ready");
            for (WebSocketMessage message : socket) {
                if (message.isText() && message.text().equals("stop")) {
                    // Stopped from another thread, as an operator's stop would be: this
                    // handler stays in its receive loop until the 1001 ends it.
                    Thread.ofVirtual().name("interop-spare-stop").start(() -> self.get().stop());
                }
            }
        });
        return spare;
    }

    /** Sends every message back as it came, text as text and binary as binary. */
    private static void echo(WebSocket socket) {
        for (WebSocketMessage message : socket) {
            if (message.isText()) {
                socket.send(message.text());
            } else {
                socket.send(message.bytes());
            }
        }
    }
}
