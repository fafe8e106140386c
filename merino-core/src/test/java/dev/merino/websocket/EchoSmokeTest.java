package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EchoSmokeTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void echoesTextAndClosesWith1000() throws Exception {
        App app = TestServers.app();
        app.ws("/echo", upgrade -> {
            dev.merino.websocket.WebSocket socket = upgrade.accept();
            for (WebSocketMessage message : socket) {
                socket.send("echo: " + message.text());
                if (message.text().equals("bye")) {
                    return;
                }
            }
        });
        server = TestServers.start(app);
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data,
                                    boolean last) {
                                events.add("text " + data);
                                ws.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket ws, int code,
                                    String reason) {
                                events.add("close " + code + " " + reason);
                                return CompletableFuture.completedFuture(null);
                            }
                        })
                .get(5, TimeUnit.SECONDS);
        client.sendText("hi", true).get(5, TimeUnit.SECONDS);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("text echo: hi");
        client.sendText("bye", true).get(5, TimeUnit.SECONDS);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("text echo: bye");
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("close 1000 ");
    }
}
