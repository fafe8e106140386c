package dev.merino.examples.chat;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.ServerConfig;
import dev.merino.http.BadRequest;
import dev.merino.http.NotFound;
import dev.merino.http.Response;
import dev.merino.auth.ApiKeyAuthenticator;
import dev.merino.auth.Auth;
import dev.merino.auth.Identity;
import dev.merino.auth.Policy;
import dev.merino.websocket.WebSocketUpgrade;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat over WebSockets: a page at {@code /}, a login that hands out a token, and rooms at
 * {@code /chat/{room}?token=...} where every message is broadcast to the room. The token is
 * checked by {@link Auth} with an API key scheme that reads the query (browsers cannot set
 * headers on a WebSocket): a missing or unknown token is refused with 401 and its challenge,
 * before the handshake. The room {@code /chat/staff} is guarded by the {@code staff} policy:
 * members without the staff role get 403. An unknown room gets 404. Listens on port 8000, or on
 * the port in the {@code PORT} environment variable.
 */
public final class ChatApp {
    /** The rooms there are; any other is answered 404. */
    static final Set<String> ROOMS = Set.of("general", "random", "java");
    /**
     * The names that get the staff role at login. The example has no passwords, so anyone may
     * take these names; a real application checks who logs in.
     */
    static final Set<String> STAFF = Set.of("Ada");

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
        app.filter(Auth.builder()
                .scheme(ApiKeyAuthenticator.query("token", token ->
                        Optional.ofNullable(names.get(token)).map(name -> STAFF.contains(name)
                                ? Identity.of(name, "Token", "member", "staff")
                                : Identity.of(name, "Token", "member")))
                        .withRealm("chat"))
                .policy(Policy.builder("staff").anyRole("staff").build())
                .build());
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
        app.ws("/chat/{room}", Auth.authorized(), options,
                upgrade -> join(upgrade, upgrade.request().pathParam("room"), rooms));
        app.ws("/chat/staff", Auth.policy("staff"), options,
                upgrade -> join(upgrade, "staff", rooms));
        return app;
    }

    /** Accepts a member into a room and broadcasts what they say until they leave. */
    private static void join(WebSocketUpgrade upgrade, String room,
            Map<String, Set<WebSocket>> rooms) {
        if (!ROOMS.contains(room) && !room.equals("staff")) {
            throw new NotFound("There is no room '" + room + "'.");
        }
        String name = Identity.require(upgrade.request()).name();
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
