package dev.merino.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a WebSocket route. Immutable; start from {@link #defaults()} and change what you
 * need with the {@code withX} methods.
 *
 * @param maxMessageSize the largest message accepted, in bytes, after decompression; a larger
 *     one closes the session with 1009
 * @param textOnly whether a binary message closes the session with 1003
 * @param compression whether permessage-deflate (RFC 7692) is negotiated when a client offers it
 * @param pingInterval how long a session may stay silent before the server pings the peer; a
 *     peer silent for twice this long is taken as gone (the handler sees 1006).
 *     {@link Duration#ZERO} turns pings off
 * @param closeTimeout how long the server waits for the peer's Close frame after sending its
 *     own before it closes the TCP connection
 */
public record WebSocketOptions(int maxMessageSize, boolean textOnly, boolean compression,
        Duration pingInterval, Duration closeTimeout) {

    /** Checks the settings. */
    public WebSocketOptions {
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize
                    + " (expected > 0)");
        }
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("pingInterval: " + pingInterval
                    + " (expected >= 0)");
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout: " + closeTimeout
                    + " (expected > 0)");
        }
    }

    /**
     * Returns the defaults: messages up to 1 MiB, text and binary, compression offered, a ping
     * after 30 seconds of silence, and 5 seconds to wait for the peer's Close.
     */
    public static WebSocketOptions defaults() {
        return new WebSocketOptions(1024 * 1024, false, true, Duration.ofSeconds(30),
                Duration.ofSeconds(5));
    }

    /** Returns a copy with another message size limit. */
    public WebSocketOptions withMaxMessageSize(int maxMessageSize) {
        return new WebSocketOptions(maxMessageSize, textOnly, compression, pingInterval,
                closeTimeout);
    }

    /** Returns a copy that accepts text messages only (binary ones close with 1003). */
    public WebSocketOptions withTextOnly(boolean textOnly) {
        return new WebSocketOptions(maxMessageSize, textOnly, compression, pingInterval,
                closeTimeout);
    }

    /** Returns a copy that negotiates permessage-deflate, or not. */
    public WebSocketOptions withCompression(boolean compression) {
        return new WebSocketOptions(maxMessageSize, textOnly, compression, pingInterval,
                closeTimeout);
    }

    /** Returns a copy with another ping interval ({@link Duration#ZERO} for none). */
    public WebSocketOptions withPingInterval(Duration pingInterval) {
        return new WebSocketOptions(maxMessageSize, textOnly, compression, pingInterval,
                closeTimeout);
    }

    /** Returns a copy with another wait for the peer's Close frame. */
    public WebSocketOptions withCloseTimeout(Duration closeTimeout) {
        return new WebSocketOptions(maxMessageSize, textOnly, compression, pingInterval,
                closeTimeout);
    }
}
