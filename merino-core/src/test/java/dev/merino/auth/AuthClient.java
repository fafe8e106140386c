package dev.merino.auth;

import dev.merino.Server;
import dev.merino.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Sends requests and WebSocket handshakes with credentials to a test server. */
public final class AuthClient {
    private static final HttpClient CLIENT = TestServers.client();

    private AuthClient() {
    }

    /** Returns the value of an {@code Authorization: Basic} header, remembering the secrets. */
    public static String basic(String user, String password) {
        String encoded = Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        AuthSecrets.remember(password, encoded);
        return "Basic " + encoded;
    }

    /** Sends a GET with header pairs ({@code name, value, ...}). */
    public static HttpResponse<String> get(Server server, String target, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(TestServers.base(server) + target)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a WebSocket handshake came to: the refusal's response, or an echoed message. */
    public record Handshake(HttpResponse<?> refusal, String echo) {
    }

    /**
     * Opens a WebSocket with header pairs, sends "ping" and returns the first message received,
     * or the HTTP response that refused the handshake.
     */
    public static Handshake ws(Server server, String path, String... headers) throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        WebSocket socket;
        try {
            socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data,
                                boolean last) {
                            received.add(data.toString());
                            ws.request(1);
                            return null;
                        }
                    }).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return new Handshake(refused.getResponse(), null);
            }
            throw e;
        }
        socket.sendText("ping", true).join();
        String echo = received.poll(5, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null)
                .thenCompose(ws -> CompletableFuture.completedFuture(null)).join();
        return new Handshake(null, echo);
    }
}
