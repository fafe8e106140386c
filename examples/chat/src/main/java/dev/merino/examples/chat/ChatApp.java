package dev.merino.examples.chat;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.ServerConfig;
import dev.merino.http.BadRequest;
import dev.merino.http.NotFound;
import dev.merino.http.Response;
import dev.merino.http.Unauthorized;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketClosedException;
import dev.merino.websocket.WebSocketOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat over WebSockets: a page at {@code /}, a login that hands out a token, and rooms at
 * {@code /chat/{room}?token=...} where every message is broadcast to the room. A missing or
 * unknown token is refused with 401 and its challenge, an unknown room with 404, both before
 * the handshake. Listens on port 8000, or on the port in the {@code PORT} environment variable.
 */
public final class ChatApp {
    /** The rooms there are; any other is answered 404. */
    static final Set<String> ROOMS = Set.of("general", "random", "java");

    /** A chat line as the page sends and receives it. */
    public record Line(String from, String text) {
    }

    /** What the page sends to log in. */
    public record Login(String name) {
    }

    /** What the login answers. */
    public record Token(String token, String name) {
    }

    private ChatApp() {
    }

    /** Builds the application with the given settings; the tests start it on a free port. */
    public static App create(ServerConfig config) {
        Map<String, String> names = new ConcurrentHashMap<>();
        Map<String, Set<WebSocket>> rooms = new ConcurrentHashMap<>();
        SecureRandom random = new SecureRandom();
        String page = resource("chat/index.html");

        App app = Merino.app(config);
        app.get("/", request -> Response.html(page));
        app.post("/login", request -> {
            Login login = request.json(Login.class);
            String name = login.name() == null ? "" : login.name().strip();
            if (name.isEmpty() || name.length() > 32) {
                throw new BadRequest("'name' must be 1 to 32 characters.");
            }
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            names.put(token, name);
            return new Token(token, name);
        });

        WebSocketOptions options = WebSocketOptions.defaults().withTextOnly(true)
                .withMaxMessageSize(4096);
        app.ws("/chat/{room}", options, upgrade -> {
            String room = upgrade.request().pathParam("room");
            if (!ROOMS.contains(room)) {
                throw new NotFound("There is no room '" + room + "'.");
            }
            String name = upgrade.request().queryParam("token").map(names::get).orElse(null);
            if (name == null) {
                throw new Unauthorized("Log in first: POST /login, then pass ?token=.",
                        "Bearer realm=\"chat\"");
            }
            WebSocket socket = upgrade.accept();
            Set<WebSocket> members = rooms.computeIfAbsent(room,
                    key -> ConcurrentHashMap.newKeySet());
            members.add(socket);
            try {
                broadcast(members, new Line("server", name + " joined #" + room));
                for (String text; (text = socket.receiveText()) != null; ) {
                    broadcast(members, new Line(name, text));
                }
            } finally {
                members.remove(socket);
                broadcast(members, new Line("server", name + " left #" + room));
            }
        });
        return app;
    }

    /** Sends the line to every member still open; one that closed meanwhile is skipped. */
    private static void broadcast(Set<WebSocket> members, Line line) {
        for (WebSocket member : members) {
            try {
                member.sendJson(line);
            } catch (WebSocketClosedException closed) {
                // It left between the lookup and the send; its own handler removes it.
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = ChatApp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the example. */
    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("PORT", "8000");
        create(ServerConfig.defaults()).start(Integer.parseInt(port));
    }
}
