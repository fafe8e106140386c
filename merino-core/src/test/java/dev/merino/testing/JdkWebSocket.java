package dev.merino.testing;

import dev.merino.Server;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's WebSocket client ({@code java.net.http}) with a listener that records what it
 * observes, as a browser-like peer for tests: it masks, answers Pings, and replies to the
 * server's Close on its own.
 */
public final class JdkWebSocket implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final WebSocket socket;
    private final LinkedBlockingQueue<Event> events;

    /** What the listener saw. */
    public sealed interface Event permits Text, Binary, Closed, Failed {
    }

    /** A whole text message. */
    public record Text(String text) implements Event {
    }

    /** A whole binary message. */
    public record Binary(byte[] bytes) implements Event {
    }

    /** The server's Close frame, as {@code Listener.onClose} reports it. */
    public record Closed(int code, String reason) implements Event {
    }

    /** An error the client reported, such as a protocol error by the server. */
    public record Failed(Throwable error) implements Event {
    }

    private JdkWebSocket(HttpClient client, WebSocket socket, LinkedBlockingQueue<Event> events) {
        this.client = client;
        this.socket = socket;
        this.events = events;
    }

    /** Returns the {@code ws://} URI of a path on the server. */
    public static URI uri(Server server, String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /**
     * Opens a WebSocket to the path, offering the subprotocols, in that order.
     *
     * @throws AssertionError if the handshake fails
     */
    public static JdkWebSocket connect(Server server, String path, String... subprotocols) {
        HttpClient client = TestServers.client();
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try {
            WebSocket socket = builder(client, subprotocols)
                    .buildAsync(uri(server, path), new Recorder(events))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new JdkWebSocket(client, socket, events);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            client.shutdownNow();
            throw new AssertionError("WebSocket handshake with " + path + " failed", e);
        }
    }

    /**
     * Attempts a handshake that the server is expected to refuse and returns its HTTP
     * response, as {@link WebSocketHandshakeException#getResponse()} gives it.
     *
     * @param headers header names and values to add, in pairs
     * @throws AssertionError if the server accepted
     */
    public static HttpResponse<?> refused(Server server, String path, String... headers) {
        try (HttpClient client = TestServers.client()) {
            WebSocket.Builder builder = builder(client);
            for (int i = 0; i < headers.length; i += 2) {
                builder.header(headers[i], headers[i + 1]);
            }
            CompletableFuture<WebSocket> opening = builder.buildAsync(uri(server, path),
                    new Recorder(new LinkedBlockingQueue<>()));
            try {
                WebSocket socket = opening.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                socket.abort();
                throw new AssertionError("The server accepted the WebSocket at " + path);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse();
                }
                throw new AssertionError("The handshake failed without a response", e);
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("No answer to the handshake", e);
            }
        }
    }

    private static WebSocket.Builder builder(HttpClient client, String... subprotocols) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(WAIT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1,
                    subprotocols.length));
        }
        return builder;
    }

    /** Returns the subprotocol the server selected, empty if none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends a whole text message and waits until it is written. */
    public JdkWebSocket send(String text) {
        await(socket.sendText(text, true));
        return this;
    }

    /** Sends a whole binary message and waits until it is written. */
    public JdkWebSocket send(byte[] bytes) {
        await(socket.sendBinary(ByteBuffer.wrap(bytes), true));
        return this;
    }

    /** Sends a Close frame and waits until it is written. */
    public JdkWebSocket sendClose(int code, String reason) {
        await(socket.sendClose(code, reason));
        return this;
    }

    /**
     * Returns the next event, waiting up to 5 seconds.
     *
     * @throws AssertionError if none came
     */
    public Event next() {
        try {
            Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("No WebSocket event within " + WAIT);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Returns the Close the server sent, which must be the next event.
     *
     * @throws AssertionError if the next event is something else, or none came
     */
    public Closed awaitClose() {
        Event event = next();
        if (event instanceof Closed closed) {
            return closed;
        }
        throw new AssertionError("Expected the server's Close, got " + event);
    }

    /** Drops the connection and the client. */
    @Override
    public void close() {
        socket.abort();
        client.shutdownNow();
    }

    private static void await(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new AssertionError("WebSocket send failed", e);
        }
    }

    /** Records whole messages and the Close; asks for one message at a time. */
    private static final class Recorder implements WebSocket.Listener {
        private final LinkedBlockingQueue<Event> events;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Recorder(LinkedBlockingQueue<Event> events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(new Text(text.toString()));
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                events.add(new Binary(binary.toByteArray()));
                binary.reset();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            events.add(new Closed(code, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            events.add(new Failed(error));
        }
    }
}
