package dev.merino.websocket;

/**
 * Thrown to a sender when its WebSocket session is closed (or closing: once the server sent its
 * Close frame, nothing more may follow it). Carries how the session ended.
 */
public class WebSocketClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient CloseStatus status;

    /** Creates the exception for a session that ended with the given status. */
    public WebSocketClosedException(CloseStatus status) {
        super("WebSocket is closed (" + status.code() + (status.reason().isEmpty() ? ""
                : " " + status.reason()) + ", closed by " + status.closedBy() + ")");
        this.status = status;
    }

    /** Returns how the session ended. */
    public CloseStatus status() {
        return status;
    }

    /** Returns the close code of the session. */
    public CloseCode closeCode() {
        return status.code();
    }
}
