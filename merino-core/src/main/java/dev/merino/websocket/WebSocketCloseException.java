package dev.merino.websocket;

import java.util.Objects;

/**
 * Thrown by application code to end a WebSocket session with a code and reason of its choice.
 *
 * <p>Thrown out of a handler after it accepted, it closes the session with exactly that code
 * and reason (cut to {@value CloseCode#MAX_REASON_BYTES} bytes of UTF-8) and is logged at DEBUG
 * only: it is an ordinary way to end a conversation. Thrown before the handler accepted, it is
 * an unhandled exception like any other (500).
 */
public class WebSocketCloseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final CloseCode code;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @throws IllegalArgumentException if the code may not be sent (1005, 1006)
     */
    public WebSocketCloseException(CloseCode code, String reason) {
        super(Objects.requireNonNull(code, "code") + " " + CloseCode.truncateReason(reason),
                null, false, false);
        if (!code.isSendable()) {
            throw new IllegalArgumentException("close code: " + code
                    + " (reported locally, never sent)");
        }
        this.code = code;
        this.reason = CloseCode.truncateReason(reason);
    }

    /** Returns the code to close with. */
    public CloseCode code() {
        return code;
    }

    /** Returns the reason, already cut to the size a Close frame allows. */
    public String reason() {
        return reason;
    }
}
