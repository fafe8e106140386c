package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.merino.App;
import dev.merino.Server;
import dev.merino.http.Conflict;
import dev.merino.http.Forbidden;
import dev.merino.http.Headers;
import dev.merino.http.HttpException;
import dev.merino.http.NotFound;
import dev.merino.http.Request;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.http.TooManyRequests;
import dev.merino.http.Unauthorized;
import dev.merino.testing.JdkWebSocket;
import dev.merino.testing.LogCapture;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.RawWebSocket;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upgrade phase (DESIGN.md section 4, first table): until the handler accepts, a WebSocket
 * request is an ordinary HTTP exchange, observed here by the JDK client (status and headers of
 * a refused handshake) and by a raw socket (bodies, and what the JDK client cannot send).
 */
@Timeout(20)
class WebSocketUpgradeTest {
    private static final Pattern ERROR_ID = Pattern.compile("\"errorId\":\"([0-9a-f]{16})\"");

    private final App app = TestServers.app();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    private Server server;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients.reversed()) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        server = TestServers.start(app);
    }

    private RawWebSocket raw(String path, String... headerLines) {
        RawWebSocket socket = RawWebSocket.connect(server.port(), path, headerLines);
        clients.add(socket);
        return socket;
    }

    private RawWebSocket rawExactly(String method, String path, String... headerLines) {
        RawWebSocket socket = RawWebSocket.connectExactly(server.port(), method, path,
                headerLines);
        clients.add(socket);
        return socket;
    }

    private JdkWebSocket jdk(String path, String... subprotocols) {
        JdkWebSocket socket = JdkWebSocket.connect(server, path, subprotocols);
        clients.add(socket);
        return socket;
    }

    private Object nextSeen() throws InterruptedException {
        Object value = seen.poll(5, TimeUnit.SECONDS);
        assertThat(value).as("what the handler saw").isNotNull();
        return value;
    }

    /** A handler that accepts and holds the session until the peer closes. */
    private static void acceptAndDrain(WebSocketUpgrade upgrade) {
        WebSocket socket = upgrade.accept();
        while (socket.receive() != null) {
            // Until the peer closes.
        }
    }

    private static String[] upgradeHeaders(String... more) {
        List<String> lines = new ArrayList<>(List.of("Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + RawWebSocket.newKey(),
                "Sec-WebSocket-Version: 13"));
        lines.addAll(List.of(more));
        return lines.toArray(String[]::new);
    }

    private static List<String> tokens(String header) {
        return header == null ? List.of() : Arrays.stream(header.split(","))
                .map(String::trim).toList();
    }

    private static void assertProblem(RawResponse response, int status, String detail) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.text()).contains("\"status\":" + status);
        if (detail != null) {
            assertThat(response.text()).contains("\"detail\":\"" + detail + "\"");
        }
        assertThat(response.header("Sec-WebSocket-Accept")).isNull();
    }

    // No route, not an upgrade, bad handshake.

    @Test
    void pathWithoutWebSocketRouteGets404() {
        app.ws("/chat", WebSocketUpgradeTest::acceptAndDrain);
        start();

        assertThat(JdkWebSocket.refused(server, "/nowhere").statusCode()).isEqualTo(404);
        assertProblem(raw("/nowhere").response(), 404, null);
    }

    @Test
    void postToWebSocketPathGets405WithAllow() {
        app.ws("/chat", WebSocketUpgradeTest::acceptAndDrain);
        start();

        RawResponse response = rawExactly("POST", "/chat", upgradeHeaders()).response();

        assertProblem(response, 405, null);
        assertThat(tokens(response.header("Allow"))).contains("GET").doesNotContain("POST");
    }

    @Test
    void headWithUpgradeHeadersIsNotUpgraded() {
        AtomicInteger calls = new AtomicInteger();
        app.ws("/chat", upgrade -> {
            calls.incrementAndGet();
            acceptAndDrain(upgrade);
        });
        start();

        RawClient client = new RawClient(server.port());
        clients.add(client);
        client.send("HEAD /chat HTTP/1.1\r\nHost: test\r\n" + String.join("\r\n",
                upgradeHeaders()) + "\r\n\r\n");
        RawResponse response = client.readResponse(true);

        // RFC 6455 section 4.2.1: an opening handshake that is not a GET gets a 400. Not a
        // 405: HEAD is allowed at the path, where a plain HEAD gets the 426 a plain GET gets.
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Sec-WebSocket-Accept")).isNull();
        assertThat(calls).hasValue(0);
    }

    @Test
    void plainGetGets426NamingWebSocketInUpgrade() {
        AtomicInteger calls = new AtomicInteger();
        app.ws("/chat", upgrade -> {
            calls.incrementAndGet();
            acceptAndDrain(upgrade);
        });
        start();

        RawResponse response = Requests.get(server, "/chat");

        assertProblem(response, 426, null);
        assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(tokens(response.header("Connection"))).contains("Upgrade");
        assertThat(calls).hasValue(0);
    }

    @Test
    void otherProtocolVersionGets426WithVersion13() {
        AtomicInteger calls = new AtomicInteger();
        app.ws("/chat", upgrade -> {
            calls.incrementAndGet();
            acceptAndDrain(upgrade);
        });
        start();

        RawResponse response = rawExactly("GET", "/chat", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + RawWebSocket.newKey(),
                "Sec-WebSocket-Version: 8").response();

        assertProblem(response, 426, null);
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
        // RFC 9110 section 15.5.22: every 426 names the protocol to upgrade to.
        assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(tokens(response.header("Connection"))).contains("Upgrade");
        assertThat(calls).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "AAAAAAAAAAAAAAAAAAAAAAAA", "not base64, at all!!!!!",
            "AAAAAAAAAAAAAAAAAAAAAA==, AAAAAAAAAAAAAAAAAAAAAA=="})
    void missingOrMalformedKeyGets400(String key) {
        AtomicInteger calls = new AtomicInteger();
        app.ws("/chat", upgrade -> {
            calls.incrementAndGet();
            acceptAndDrain(upgrade);
        });
        start();
        List<String> lines = new ArrayList<>(List.of("Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Version: 13"));
        if (!key.isEmpty()) {
            lines.add("Sec-WebSocket-Key: " + key);
        }

        RawResponse response = rawExactly("GET", "/chat", lines.toArray(String[]::new))
                .response();

        assertProblem(response, 400, null);
        assertThat(calls).hasValue(0);
    }

    @Test
    void twoKeyHeadersGet400() {
        app.ws("/chat", WebSocketUpgradeTest::acceptAndDrain);
        start();

        RawResponse response = rawExactly("GET", "/chat", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: " + RawWebSocket.newKey(),
                "Sec-WebSocket-Key: " + RawWebSocket.newKey()).response();

        assertProblem(response, 400, null);
    }

    @Test
    void upgradeWithoutConnectionUpgradeOrOverHttp10Gets400() {
        app.ws("/chat", WebSocketUpgradeTest::acceptAndDrain);
        start();

        RawResponse noConnection = rawExactly("GET", "/chat", "Upgrade: websocket",
                "Sec-WebSocket-Key: " + RawWebSocket.newKey(), "Sec-WebSocket-Version: 13")
                .response();
        RawClient client = new RawClient(server.port());
        clients.add(client);
        client.send("GET /chat HTTP/1.0\r\nHost: test\r\n" + String.join("\r\n",
                upgradeHeaders()) + "\r\n\r\n");
        RawResponse http10 = client.readResponse();

        assertProblem(noConnection, 400, null);
        assertProblem(http10, 400, null);
    }

    @Test
    void browserStyleHeadersAreAccepted() {
        app.ws("/chat", WebSocketUpgradeTest::acceptAndDrain);
        start();

        RawWebSocket socket = rawExactly("GET", "/chat", "Upgrade: WebSocket",
                "Connection: keep-alive, Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: " + RawWebSocket.newKey());

        assertThat(socket.response().status()).isEqualTo(101);
    }

    // Filters, binding and the handler before accept: exactly as for HTTP.

    @Test
    void unauthorizedFromFilterGives401WithChallengeAndProblem() {
        app.filter((request, chain) -> {
            if (request.header("Authorization").isEmpty()) {
                throw new Unauthorized("Sign in to chat.", "Bearer realm=\"chat\"");
            }
            return chain.next(request);
        });
        app.ws("/chat", upgrade -> {
            seen.add("handler");
            acceptAndDrain(upgrade);
        });
        start();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/chat");
        RawResponse response = raw("/chat").response();

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"chat\"");
        assertProblem(response, 401, "Sign in to chat.");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"chat\"");
        assertThat(seen).isEmpty();
        assertThat(raw("/chat", "Authorization: Bearer t0ken").response().status())
                .isEqualTo(101);
    }

    @Test
    void tooManyRequestsFromFilterGives429WithRetryAfter() {
        app.filter((request, chain) -> {
            throw new TooManyRequests("Slow down.", Duration.ofSeconds(7));
        });
        app.ws("/chat", WebSocketUpgradeTest::acceptAndDrain);
        start();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/chat");
        RawResponse response = raw("/chat").response();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        assertProblem(response, 429, "Slow down.");
        assertThat(response.header("Retry-After")).isEqualTo("7");
    }

    /**
     * What a binder does for a declared parameter: reads it from the request, and refuses the
     * request with 400 and the list of invalid parameters when it cannot be converted.
     */
    private static int bindQueryInt(Request request, String name) {
        String value = request.queryParam(name).orElse("");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new HttpException(Status.BAD_REQUEST, "The request has invalid parameters.",
                    Headers.empty(), Map.of("errors", List.of(Map.of("in", "query",
                            "name", name, "detail", "expected a whole number"))), e);
        }
    }

    @Test
    void bindingFailureBeforeAcceptGives400ListingTheParameter() throws Exception {
        app.ws("/rooms/{room}", upgrade -> {
            int limit = bindQueryInt(upgrade.request(), "limit");
            seen.add(limit);
            acceptAndDrain(upgrade);
        });
        start();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/rooms/lobby?limit=many");
        RawResponse response = raw("/rooms/lobby?limit=many").response();
        RawWebSocket bound = raw("/rooms/lobby?limit=20");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertProblem(response, 400, "The request has invalid parameters.");
        assertThat(response.text()).contains("\"errors\":[").contains("\"name\":\"limit\"");
        assertThat(bound.response().status()).isEqualTo(101);
        assertThat(nextSeen()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 404, 409, 503})
    void httpExceptionFromHandlerBeforeAcceptGivesItsStatus(int status) {
        app.ws("/rooms/{room}", upgrade -> {
            String room = upgrade.request().pathParam("room");
            throw switch (status) {
                case 403 -> new Forbidden("Members only.");
                case 404 -> new NotFound("No room " + room + ".");
                case 409 -> new Conflict("The room is closing.");
                default -> new HttpException(Status.SERVICE_UNAVAILABLE, "Back soon.",
                        Headers.of("Retry-After", "30"), Map.of(), null);
            };
        });
        start();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/rooms/attic");
        RawResponse response = raw("/rooms/attic").response();

        assertThat(refused.statusCode()).isEqualTo(status);
        assertProblem(response, status, switch (status) {
            case 403 -> "Members only.";
            case 404 -> "No room attic.";
            case 409 -> "The room is closing.";
            default -> "Back soon.";
        });
        if (status == 503) {
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(response.header("Retry-After")).isEqualTo("30");
        }
    }

    /** An application exception that an exception handler maps. */
    static final class RoomFull extends RuntimeException {
        RoomFull() {
            super("room full");
        }
    }

    @Test
    void exceptionHandlerMapsExceptionBeforeAccept() {
        app.exception(RoomFull.class, (e, request) -> Response.text("The room is full.")
                .withStatus(Status.CONFLICT));
        app.ws("/chat", upgrade -> {
            throw new RoomFull();
        });
        start();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/chat");
        RawResponse response = raw("/chat").response();

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text()).isEqualTo("The room is full.");
    }

    @Test
    void unhandledExceptionBeforeAcceptGives500WithErrorIdLoggedOnce() {
        app.ws("/chat", upgrade -> {
            throw new IllegalStateException("secret internals");
        });
        start();
        int before = LogCapture.events().size();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/chat");
        RawResponse response = raw("/chat").response();

        assertThat(refused.statusCode()).isEqualTo(500);
        assertProblem(response, 500, null);
        assertThat(response.text()).doesNotContain("secret");
        Matcher id = ERROR_ID.matcher(response.text());
        assertThat(id.find()).as("error id in %s", response.text()).isTrue();
        List<ILoggingEvent> errors = LogCapture.events().stream().skip(before)
                .filter(e -> e.getLevel() == Level.ERROR).toList();
        assertThat(errors).as("one ERROR line per failed request").hasSize(2);
        List<ILoggingEvent> withId = errors.stream()
                .filter(e -> e.getFormattedMessage().contains(id.group(1))).toList();
        assertThat(withId).hasSize(1);
        assertThat(withId.get(0).getThrowableProxy()).isNotNull();
        assertThat(withId.get(0).getThrowableProxy().getMessage()).isEqualTo("secret internals");
    }

    @Test
    void rejectSendsExactlyThatResponse() {
        app.ws("/chat", upgrade -> upgrade.reject(Response.text("Opens at nine.")
                .withStatus(Status.SERVICE_UNAVAILABLE).withHeader("Retry-After", "3600")
                .withHeader("X-Opens", "09:00")));
        start();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/chat");
        RawResponse response = raw("/chat").response();

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        assertThat(response.header("Retry-After")).isEqualTo("3600");
        assertThat(response.header("X-Opens")).isEqualTo("09:00");
        assertThat(response.text()).isEqualTo("Opens at nine.");
        assertThat(response.header("Sec-WebSocket-Accept")).isNull();
    }

    @Test
    void rejectWithSuccessStatusFailsAtTheCall() throws Exception {
        app.ws("/chat", upgrade -> {
            try {
                upgrade.reject(Response.text("fine"));
            } catch (IllegalArgumentException e) {
                seen.add(e.getMessage());
            }
            upgrade.reject(Response.status(Status.FORBIDDEN));
        });
        start();

        RawResponse response = raw("/chat").response();

        assertThat(nextSeen()).asString().contains("200");
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void returningWithoutAcceptingGives403() {
        app.ws("/chat", upgrade -> seen.add(upgrade.request().path()));
        start();

        HttpResponse<?> refused = JdkWebSocket.refused(server, "/chat");
        RawResponse response = raw("/chat").response();

        assertThat(refused.statusCode()).isEqualTo(403);
        assertProblem(response, 403, null);
        assertThat(seen).containsExactly("/chat", "/chat");
    }

    // Subprotocols and the 101's headers.

    @Test
    void selectsOneOfTheOfferedSubprotocols() throws Exception {
        app.ws("/chat", upgrade -> {
            seen.add(upgrade.subprotocols());
            WebSocket socket = upgrade.accept("chat.v1");
            socket.send("selected " + socket.subprotocol().orElse("none"));
            socket.receive();
        });
        start();

        JdkWebSocket client = jdk("/chat", "chat.v2", "chat.v1");

        assertThat(nextSeen()).isEqualTo(List.of("chat.v2", "chat.v1"));
        assertThat(client.subprotocol()).isEqualTo("chat.v1");
        assertThat(client.next()).isEqualTo(new JdkWebSocket.Text("selected chat.v1"));
    }

    @Test
    void cannotSelectASubprotocolTheClientDidNotOffer() throws Exception {
        app.ws("/chat", upgrade -> {
            try {
                upgrade.accept("mqtt");
            } catch (IllegalArgumentException e) {
                seen.add(e.getMessage());
            }
            acceptAndDrain(upgrade);
        });
        start();

        JdkWebSocket client = jdk("/chat", "chat.v1");

        assertThat(nextSeen()).asString().contains("mqtt");
        assertThat(client.subprotocol()).isEmpty();
    }

    @Test
    void selectsNoSubprotocolWhenNoneWasOffered() throws Exception {
        app.ws("/chat", upgrade -> {
            seen.add(upgrade.subprotocols());
            try {
                upgrade.accept("chat.v1");
            } catch (IllegalArgumentException e) {
                seen.add("refused");
            }
            acceptAndDrain(upgrade);
        });
        start();

        RawWebSocket socket = raw("/chat");

        assertThat(nextSeen()).isEqualTo(List.of());
        assertThat(nextSeen()).isEqualTo("refused");
        assertThat(socket.response().status()).isEqualTo(101);
        assertThat(socket.response().headers()).doesNotContainKey("sec-websocket-protocol");
    }

    @Test
    void headersAddedBeforeAcceptGoOnThe101() throws Exception {
        app.ws("/chat", upgrade -> {
            upgrade.header("X-Room", "lobby");
            for (String name : List.of("Sec-WebSocket-Protocol", "Connection", "Upgrade")) {
                try {
                    upgrade.header(name, "x");
                } catch (IllegalArgumentException e) {
                    seen.add(name);
                }
            }
            acceptAndDrain(upgrade);
        });
        start();

        RawWebSocket socket = raw("/chat");

        assertThat(socket.response().status()).isEqualTo(101);
        assertThat(socket.response().header("X-Room")).isEqualTo("lobby");
        assertThat(socket.response().header("Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(List.of(nextSeen(), nextSeen(), nextSeen()))
                .containsExactly("Sec-WebSocket-Protocol", "Connection", "Upgrade");
    }
}
