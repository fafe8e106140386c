package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.controller.Controller;
import dev.merino.controller.Delete;
import dev.merino.controller.Get;
import dev.merino.controller.Head;
import dev.merino.controller.Options;
import dev.merino.controller.Patch;
import dev.merino.controller.Post;
import dev.merino.controller.Put;
import dev.merino.controller.WebSocketRoute;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketUpgrade;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BindingControllersTest {
    static final List<String> closed = new CopyOnWriteArrayList<>();
    private Server server;

    /** A session-scoped service. */
    public static final class Session implements AutoCloseable {
        @Override
        public void close() {
            closed.add("session");
        }
    }

    /** A singleton the controller takes in its constructor. */
    public static final class Greeter {
        String greet(String name) {
            return "Hello, " + name;
        }
    }

    @Controller("/things")
    public static final class Things {
        private final Greeter greeter;

        public Things(Greeter greeter) {
            this.greeter = greeter;
        }

        @Get("/{name}")
        public String get(String name) {
            return greeter.greet(name);
        }

        @Post
        public Response post(@FromBody String body) {
            return Response.text("created " + body).withStatus(Status.CREATED);
        }

        @Put("/{id:int}")
        public String put(int id) {
            return "put " + id;
        }

        @Patch("/{id:int}")
        public String patch(int id) {
            return "patch " + id;
        }

        @Delete("/{id:int}")
        public void delete(int id) {
        }

        @Head("/head")
        public Response head() {
            return Response.noContent().withHeader("X-Head", "yes");
        }

        @Options("/head")
        public Response options() {
            return Response.noContent().withHeader("Allow", "HEAD, OPTIONS");
        }

        @Get("/problem")
        public dev.merino.http.Problem problem() {
            return new dev.merino.http.Problem(null, "Teapot", 418, null, null, Map.of());
        }

        @Get("/json")
        public Map<String, Integer> json() {
            return Map.of("a", 1);
        }

        @WebSocketRoute("/rooms/{room}")
        public void room(WebSocketUpgrade upgrade, String room, @FromQuery int since,
                Session session) {
            WebSocket socket = upgrade.accept();
            socket.send(room + " since " + since);
        }
    }

    @BeforeEach
    void start() {
        closed.clear();
        App app = TestServers.app();
        app.services(s -> s.singleton(Greeter.class).scoped(Session.class));
        app.controller(Things.class);
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void servesEveryHttpMethodWithTheSameReturnConversionAsFunctionalHandlers() {
        assertThat(Requests.get(server, "/things/Ada").text()).isEqualTo("Hello, Ada");
        RawResponse created = Requests.callWithText(server, "POST", "/things", "x");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).isEqualTo("created x");
        assertThat(Requests.callWithText(server, "PUT", "/things/3", "").text())
                .isEqualTo("put 3");
        assertThat(Requests.callWithText(server, "PATCH", "/things/4", "").text())
                .isEqualTo("patch 4");
        assertThat(Requests.call(server, "DELETE", "/things/5", null).status()).isEqualTo(204);
        assertThat(Requests.call(server, "HEAD", "/things/head", null).header("X-Head"))
                .isEqualTo("yes");
        assertThat(Requests.call(server, "OPTIONS", "/things/head", null).header("Allow"))
                .isEqualTo("HEAD, OPTIONS");
        RawResponse problem = Requests.get(server, "/things/problem");
        assertThat(problem.status()).isEqualTo(418);
        assertThat(problem.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Requests.get(server, "/things/json").text()).isEqualTo("{\"a\":1}");
    }

    @Controller
    public static final class Root {
        @Get("/ping")
        public String ping() {
            return "pong";
        }
    }

    @Test
    void registersAControllerInAGroupUnderItsPrefixAndFilters() {
        App app = TestServers.app();
        app.group("/api", group -> group
                .filter((request, chain) -> chain.next(request).withHeader("X-Group", "api"))
                .controller(Root.class));
        Server grouped = TestServers.start(app);
        try {
            RawResponse response = Requests.get(grouped, "/api/ping");

            assertThat(response.text()).isEqualTo("pong");
            assertThat(response.header("X-Group")).isEqualTo("api");
        } finally {
            grouped.stop();
        }
    }

    @Test
    void bindsWebSocketUpgradesAndClosesTheScopeWhenTheSessionEnds() throws Exception {
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/things/rooms/blue?since=7"),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket ws,
                            CharSequence data, boolean last) {
                        events.add("text " + data);
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(java.net.http.WebSocket ws, int code,
                            String reason) {
                        events.add("close " + code);
                        return CompletableFuture.completedFuture(null);
                    }
                }).get(5, TimeUnit.SECONDS);

        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("text blue since 7");
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("close 1000");
        assertThat(closed).containsExactly("session");
    }

    @Test
    void answersWebSocketBindingErrorsWith400BeforeTheHandshake() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /things/rooms/blue?since=yesterday HTTP/1.1\r\nHost: test\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
            RawResponse response = client.readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.header("Upgrade")).isNull();
            assertThat(BindingSourcesTest.errors(response)).containsExactly(
                    Map.of("in", "query", "name", "since", "detail", "Expected an integer."));
        }
    }
}
