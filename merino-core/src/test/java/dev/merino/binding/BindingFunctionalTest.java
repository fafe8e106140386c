package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BindingFunctionalTest {
    private Server server;

    /** A JSON body. */
    public record Note(String text) {
    }

    /** A service. */
    public static final class Counter {
        int next = 0;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void bindsDeclaredParametersOfFunctionalHandlers() {
        App app = TestServers.app();
        app.services(s -> s.singleton(Counter.class));
        app.get("/f/{id:int}", Bind.of(Param.path("id", int.class),
                Param.query("tag", String.class).list(),
                Param.header("X-Ref", UUID.class).optional(),
                Param.query("page", int.class).orElse("1"),
                Param.service(Counter.class),
                (id, tags, ref, page, counter) -> id + " " + tags + " " + ref.isPresent() + " "
                        + page + " " + (counter != null)));
        app.post("/f", Bind.of(Param.body(Note.class), Param.request(),
                (note, request) -> note.text() + " " + request.path()));
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/f/3?tag=a&tag=b").text())
                .isEqualTo("3 [a, b] false 1 true");
        assertThat(Requests.callWithText(server, "POST", "/f", "{\"text\":\"hi\"}",
                "Content-Type: application/json").text()).isEqualTo("hi /f");
    }

    @Test
    void reportsEveryErrorOfAFunctionalHandlerInOne400() throws Exception {
        App app = TestServers.app();
        app.get("/f", Bind.of(Param.query("a", int.class), Param.cookie("c", String.class),
                (a, c) -> "unreachable"));
        server = TestServers.start(app);

        RawResponse response = Requests.get(server, "/f?a=x");

        assertThat(response.status()).isEqualTo(400);
        assertThat(BindingSourcesTest.errors(response)).containsExactly(
                Map.of("in", "query", "name", "a", "detail", "Expected an integer."),
                Map.of("in", "cookie", "name", "c", "detail", "Required."));
    }

    @Test
    void bindsFunctionalWebSocketHandlersAndRefusesBadUpgradesWith400() throws Exception {
        App app = TestServers.app();
        app.ws("/rooms/{room}", Bind.ws(Param.path("room", String.class),
                Param.query("since", int.class), (upgrade, room, since) -> {
                    upgrade.accept().send(room + " since " + since);
                }));
        server = TestServers.start(app);
        java.util.concurrent.LinkedBlockingQueue<String> events =
                new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                java.net.URI.create("ws://127.0.0.1:" + server.port() + "/rooms/red?since=4"),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(
                            java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        events.add(data.toString());
                        return null;
                    }
                }).get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(events.poll(5, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo("red since 4");
        try (dev.merino.testing.RawClient client =
                new dev.merino.testing.RawClient(server.port())) {
            client.send("GET /rooms/red HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
            RawResponse refused = client.readResponse();

            assertThat(refused.status()).isEqualTo(400);
            assertThat(BindingSourcesTest.errors(refused)).containsExactly(
                    Map.of("in", "query", "name", "since", "detail", "Required."));
        }
    }

    @Test
    void refusesToStartWhenAFunctionalHandlerNamesAMissingPathParameter() {
        App app = TestServers.app();
        app.get("/f/{id}", Bind.of(Param.path("key", String.class), key -> key));

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("handler of /f/{id} parameter 1 ('key') names the path parameter "
                        + "'key', which the route's template lacks");
    }
}
