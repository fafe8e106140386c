package dev.merino.websocket;

/**
 * A WebSocket close status code (RFC 6455 section 7.4), checked where it is made so that a
 * code which must never go on the wire cannot reach it.
 *
 * <p>The codes an application may send are the named constants (1000-1003, 1007-1014), the
 * range 3000-3999 registered with IANA for libraries and frameworks ({@link #registered(int)})
 * and the private range 4000-4999 ({@link #application(int)}). {@link #NO_STATUS_RECEIVED}
 * (1005) and {@link #ABNORMAL_CLOSURE} (1006) are only ever reported locally: a session that
 * ended without a close code, or without a closing handshake at all.
 *
 * @param code the numeric code
 */
public record CloseCode(int code) {
    /** 1000: the purpose of the connection was fulfilled. */
    public static final CloseCode NORMAL = new CloseCode(1000);
    /** 1001: the server is going down, or a browser navigated away. */
    public static final CloseCode GOING_AWAY = new CloseCode(1001);
    /** 1002: the peer broke the protocol. */
    public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002);
    /** 1003: a message of a type the endpoint does not accept (binary to a text endpoint). */
    public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003);
    /** 1005, local only: the peer closed without a code. Never sent. */
    public static final CloseCode NO_STATUS_RECEIVED = new CloseCode(1005);
    /** 1006, local only: the connection ended without a closing handshake. Never sent. */
    public static final CloseCode ABNORMAL_CLOSURE = new CloseCode(1006);
    /** 1007: a message's data did not match its type (invalid UTF-8 in a text message). */
    public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007);
    /** 1008: a message broke the endpoint's policy. */
    public static final CloseCode POLICY_VIOLATION = new CloseCode(1008);
    /** 1009: a message was larger than the endpoint accepts. */
    public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009);
    /** 1010: the client needed an extension the server did not negotiate. */
    public static final CloseCode MANDATORY_EXTENSION = new CloseCode(1010);
    /** 1011: the server met an unexpected condition. */
    public static final CloseCode INTERNAL_ERROR = new CloseCode(1011);
    /** 1012: the service is restarting. */
    public static final CloseCode SERVICE_RESTART = new CloseCode(1012);
    /** 1013: the service is overloaded; try again later. */
    public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013);
    /** 1014: a gateway got an invalid response from upstream. */
    public static final CloseCode BAD_GATEWAY = new CloseCode(1014);

    /** The longest reason a Close frame can carry, in bytes of UTF-8 (125 minus the code). */
    public static final int MAX_REASON_BYTES = 123;

    /**
     * Checks the code: 1000-1003, 1005-1014 and 3000-4999.
     *
     * @throws IllegalArgumentException for any other code
     */
    public CloseCode {
        if (!isKnown(code)) {
            throw new IllegalArgumentException("close code: " + code + " (expected 1000-1003,"
                    + " 1007-1014, 3000-4999; 1004, 1015 and 1016-2999 are reserved)");
        }
    }

    /**
     * Returns the code for a number that may be sent.
     *
     * @throws IllegalArgumentException for 1004, 1005, 1006, 1015, 1016-2999, 5000 and above,
     *     and anything below 1000
     */
    public static CloseCode of(int code) {
        if (!isSendable(code)) {
            throw new IllegalArgumentException("close code: " + code + " (expected 1000-1003,"
                    + " 1007-1014, 3000-4999; 1005 and 1006 are reported locally, never sent)");
        }
        return new CloseCode(code);
    }

    /**
     * Returns a code from the range 3000-3999, which IANA registers for libraries, frameworks
     * and applications.
     *
     * @throws IllegalArgumentException outside 3000-3999
     */
    public static CloseCode registered(int code) {
        if (code < 3000 || code > 3999) {
            throw new IllegalArgumentException("registered close code: " + code
                    + " (expected 3000-3999)");
        }
        return new CloseCode(code);
    }

    /**
     * Returns a code from the private range 4000-4999, free for an application's own meaning.
     *
     * @throws IllegalArgumentException outside 4000-4999
     */
    public static CloseCode application(int code) {
        if (code < 4000 || code > 4999) {
            throw new IllegalArgumentException("application close code: " + code
                    + " (expected 4000-4999)");
        }
        return new CloseCode(code);
    }

    /** Returns whether the code may be sent in a Close frame. */
    public static boolean isSendable(int code) {
        return isKnown(code) && code != 1005 && code != 1006;
    }

    /** Returns whether this code may be sent in a Close frame (not 1005 or 1006). */
    public boolean isSendable() {
        return isSendable(code);
    }

    private static boolean isKnown(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1005 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * Returns the reason cut to at most {@value #MAX_REASON_BYTES} bytes of UTF-8, on a
     * character boundary; {@code null} becomes the empty string.
     */
    public static String truncateReason(String reason) {
        if (reason == null) {
            return "";
        }
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int codePoint = reason.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_REASON_BYTES) {
                return reason.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return reason;
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
