package dev.merino.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A complete message received on a WebSocket: text (valid UTF-8, checked as it arrived) or
 * binary. Immutable.
 */
public final class WebSocketMessage {
    private final String text;
    private final byte[] bytes;

    private WebSocketMessage(String text, byte[] bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    /** Returns a text message. */
    public static WebSocketMessage text(String text) {
        return new WebSocketMessage(Objects.requireNonNull(text, "text"), null);
    }

    /** Returns a binary message holding a copy of the bytes. */
    public static WebSocketMessage binary(byte[] bytes) {
        return new WebSocketMessage(null, Objects.requireNonNull(bytes, "bytes").clone());
    }

    static WebSocketMessage wrap(byte[] bytes) {
        return new WebSocketMessage(null, bytes);
    }

    /** Returns whether this is a text message. */
    public boolean isText() {
        return text != null;
    }

    /** Returns whether this is a binary message. */
    public boolean isBinary() {
        return text == null;
    }

    /**
     * Returns the text of a text message.
     *
     * @throws WebSocketCloseException with {@link CloseCode#UNSUPPORTED_DATA} for a binary
     *     message, so that a handler which only speaks text closes the session with 1003 when
     *     it lets the exception go
     */
    public String text() {
        if (text == null) {
            throw new WebSocketCloseException(CloseCode.UNSUPPORTED_DATA,
                    "Expected a text message");
        }
        return text;
    }

    /** Returns the payload: the bytes of a binary message, or the UTF-8 of a text message. */
    public byte[] bytes() {
        return text != null ? text.getBytes(StandardCharsets.UTF_8) : bytes.clone();
    }

    /** Returns the payload size in bytes (UTF-8 bytes for text). */
    public int size() {
        return text != null ? text.getBytes(StandardCharsets.UTF_8).length : bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebSocketMessage that && Objects.equals(text, that.text)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(text) + Arrays.hashCode(bytes);
    }

    /** Describes the message by kind and size, never by content. */
    @Override
    public String toString() {
        return (isText() ? "text" : "binary") + " message of " + size() + " bytes";
    }
}
