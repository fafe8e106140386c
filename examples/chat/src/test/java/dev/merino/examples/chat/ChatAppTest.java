package dev.merino.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.Server;
import dev.merino.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat example over real sockets with the JDK's WebSocket client. */
class ChatAppTest {
    private static Server server;
    private static final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        server = ChatApp.create(ServerConfig.defaults().withHost("127.0.0.1")).start(0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Collects what a client receives, as "text ..." and "close CODE REASON" lines. */
    private static final class Events implements WebSocket.Listener {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            lines.add("text " + data);
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            lines.add("close " + code + " " + reason);
            return CompletableFuture.completedFuture(null);
        }

        String next() throws InterruptedException {
            String line = lines.poll(5, TimeUnit.SECONDS);
            assertThat(line).as("an event within 5 s").isNotNull();
            return line;
        }
    }

    private static String login(String name) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().replaceAll(".*\"token\":\"([0-9a-f]+)\".*", "$1");
    }

    private static CompletableFuture<WebSocket> connect(String path, Events events) {
        return client.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + path), events);
    }

    @Test
    void twoMembersOfARoomSeeEachOthersMessages() throws Exception {
        Events ada = new Events();
        Events bob = new Events();
        WebSocket adaSocket = connect("/chat/general?token=" + login("Ada"), ada)
                .get(5, TimeUnit.SECONDS);
        assertThat(ada.next()).isEqualTo("text {\"from\":\"server\",\"text\":\"Ada joined #general\"}");
        WebSocket bobSocket = connect("/chat/general?token=" + login("Bob"), bob)
                .get(5, TimeUnit.SECONDS);
        assertThat(bob.next()).isEqualTo("text {\"from\":\"server\",\"text\":\"Bob joined #general\"}");
        assertThat(ada.next()).isEqualTo("text {\"from\":\"server\",\"text\":\"Bob joined #general\"}");

        adaSocket.sendText("Hello, Bob", true).get(5, TimeUnit.SECONDS);

        assertThat(bob.next()).isEqualTo("text {\"from\":\"Ada\",\"text\":\"Hello, Bob\"}");
        assertThat(ada.next()).isEqualTo("text {\"from\":\"Ada\",\"text\":\"Hello, Bob\"}");

        bobSocket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertThat(bob.next()).isEqualTo("close 1000 ");
        assertThat(ada.next()).isEqualTo("text {\"from\":\"server\",\"text\":\"Bob left #general\"}");
        adaSocket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        assertThat(ada.next()).isEqualTo("close 1000 ");
    }

    @Test
    void aBinaryMessageClosesWith1003() throws Exception {
        Events ada = new Events();
        WebSocket socket = connect("/chat/random?token=" + login("Ada"), ada)
                .get(5, TimeUnit.SECONDS);
        assertThat(ada.next()).startsWith("text ");

        socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true)
                .get(5, TimeUnit.SECONDS);

        assertThat(ada.next()).startsWith("close 1003 ");
    }

    @Test
    void withoutATokenTheHandshakeIsRefusedWith401AndItsChallenge() {
        assertThatThrownBy(() -> connect("/chat/general", new Events()).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, refused -> {
                    HttpResponse<?> response = refused.getResponse();
                    assertThat(response.statusCode()).isEqualTo(401);
                    assertThat(response.headers().firstValue("WWW-Authenticate"))
                            .hasValue("ApiKey realm=\"chat\", in=\"query\", name=\"token\"");
                    assertThat(response.headers().firstValue("Content-Type"))
                            .hasValue("application/problem+json");
                });
    }

    @Test
    void anUnknownTokenIsRefusedWith401AndTheSchemesError() {
        assertThatThrownBy(() -> connect("/chat/general?token=0123", new Events())
                .get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, refused -> {
                    assertThat(refused.getResponse().statusCode()).isEqualTo(401);
                    assertThat(refused.getResponse().headers().firstValue("WWW-Authenticate"))
                            .hasValue("ApiKey realm=\"chat\", in=\"query\", name=\"token\","
                                    + " error=\"invalid_key\"");
                });
    }

    @Test
    void theStaffRoomRefusesMembersWithoutTheStaffRoleWith403() throws Exception {
        String token = login("Bob");
        assertThatThrownBy(() -> connect("/chat/staff?token=" + token, new Events())
                .get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void theStaffRoomLetsStaffIn() throws Exception {
        Events ada = new Events();
        WebSocket socket = connect("/chat/staff?token=" + login("Ada"), ada)
                .get(5, TimeUnit.SECONDS);

        assertThat(ada.next())
                .isEqualTo("text {\"from\":\"server\",\"text\":\"Ada joined #staff\"}");
        socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void anUnknownRoomIsRefusedWith404() throws Exception {
        String token = login("Ada");
        assertThatThrownBy(() -> connect("/chat/cooking?token=" + token, new Events())
                .get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void servesThePage() throws Exception {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("new WebSocket(");
    }
}
