package dev.merino.websocket;

import dev.merino.http.Request;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;

/**
 * An accepted WebSocket session, in blocking style: the handler's virtual thread receives and
 * sends; other threads may send too (to broadcast).
 *
 * <p>Exactly one Close frame ever leaves the server. The first close wins, whoever asks for it
 * (the handler, an error, the peer, a shutdown); later {@code close} calls do nothing, and a
 * send after it throws {@link WebSocketClosedException}. Iterating yields the messages the peer
 * sends until the session closes.
 */
public interface WebSocket extends Iterable<WebSocketMessage> {

    /** Returns the upgrade request this session was accepted from. */
    Request request();

    /** Returns the subprotocol selected at accept, if any. */
    Optional<String> subprotocol();

    /** Returns whether permessage-deflate was negotiated. */
    boolean isCompressed();

    /**
     * Waits for the next message. Returns {@code null} once the session is closed or closing,
     * with any messages received before still returned first. Blocks; call it from one thread.
     */
    WebSocketMessage receive();

    /**
     * Waits up to the timeout for the next message; returns {@code null} if none came in time
     * or the session is closed.
     */
    WebSocketMessage receive(Duration timeout);

    /**
     * Waits for the next message and returns its text, or {@code null} once closed.
     *
     * @throws WebSocketCloseException with 1003 if the message is binary
     */
    String receiveText();

    /**
     * Waits for the next message and reads it as JSON into the type, or returns {@code null}
     * once closed.
     *
     * @throws WebSocketCloseException with 1007 if the message is not JSON of that shape
     */
    <T> T receiveJson(Class<T> type);

    /**
     * Sends a text message. Waits while the connection cannot take more (a slow peer holds the
     * sender back). Thread-safe.
     *
     * @throws WebSocketClosedException if the session is closed or closing
     */
    void send(String text);

    /** Sends a binary message; see {@link #send(String)}. */
    void send(byte[] bytes);

    /** Sends the value as a JSON text message; see {@link #send(String)}. */
    void sendJson(Object value);

    /**
     * Sends a Ping with up to 125 bytes of payload.
     *
     * @throws IllegalArgumentException if the payload is longer than 125 bytes
     * @throws WebSocketClosedException if the session is closed or closing
     */
    void ping(byte[] payload);

    /** Closes with 1000 and no reason; does nothing if the session is already closing. */
    void close();

    /** Closes with the code and no reason; see {@link #close(CloseCode, String)}. */
    void close(CloseCode code);

    /**
     * Sends a Close frame with the code and reason (cut to {@value CloseCode#MAX_REASON_BYTES}
     * bytes of UTF-8 on a character boundary), unless a Close was already sent, then waits for
     * the peer's Close for the route's close timeout before the connection is closed. Does not
     * block.
     *
     * @throws IllegalArgumentException if the code may not be sent (1005, 1006)
     */
    void close(CloseCode code, String reason);

    /** Returns whether messages may still be sent (no Close frame went out yet). */
    boolean isOpen();

    /**
     * Returns how the session ended: the first Close frame's code, reason and sender, or 1006
     * if the connection ended without one. Empty while the session is open.
     */
    Optional<CloseStatus> closeStatus();

    /** Iterates over the messages until the session closes; see {@link #receive()}. */
    @Override
    Iterator<WebSocketMessage> iterator();
}
