package dev.merino.websocket;

import java.util.Objects;

/**
 * How a WebSocket session ended: the code and reason of the Close frame that ended it, and who
 * sent it.
 *
 * @param code the close code; {@link CloseCode#NO_STATUS_RECEIVED} when the peer's Close frame
 *     had no code, {@link CloseCode#ABNORMAL_CLOSURE} when the connection ended without one
 * @param reason the reason, empty when none was given
 * @param closedBy who started the close
 */
public record CloseStatus(CloseCode code, String reason, ClosedBy closedBy) {

    /** Who ended a session. */
    public enum ClosedBy {
        /** The server sent the first Close frame (the handler, an error, or a shutdown). */
        SERVER,
        /** The peer sent the first Close frame. */
        PEER,
        /** The connection ended with no closing handshake (code 1006). */
        CONNECTION
    }

    /** Checks that no component is null. */
    public CloseStatus {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(closedBy, "closedBy");
    }
}
