package dev.merino.http;

/**
 * An HTTP status code with its reason phrase.
 *
 * <p>Instances for the codes 100 to 599 are shared; {@link #of(int)} never allocates for them.
 */
public final class Status {
    private static final Status[] CACHE = new Status[600];

    public static final Status CONTINUE = define(100, "Continue");
    public static final Status SWITCHING_PROTOCOLS = define(101, "Switching Protocols");
    public static final Status OK = define(200, "OK");
    public static final Status CREATED = define(201, "Created");
    public static final Status ACCEPTED = define(202, "Accepted");
    public static final Status NO_CONTENT = define(204, "No Content");
    public static final Status PARTIAL_CONTENT = define(206, "Partial Content");
    public static final Status MOVED_PERMANENTLY = define(301, "Moved Permanently");
    public static final Status FOUND = define(302, "Found");
    public static final Status SEE_OTHER = define(303, "See Other");
    public static final Status NOT_MODIFIED = define(304, "Not Modified");
    public static final Status TEMPORARY_REDIRECT = define(307, "Temporary Redirect");
    public static final Status PERMANENT_REDIRECT = define(308, "Permanent Redirect");
    public static final Status BAD_REQUEST = define(400, "Bad Request");
    public static final Status UNAUTHORIZED = define(401, "Unauthorized");
    public static final Status FORBIDDEN = define(403, "Forbidden");
    public static final Status NOT_FOUND = define(404, "Not Found");
    public static final Status METHOD_NOT_ALLOWED = define(405, "Method Not Allowed");
    public static final Status NOT_ACCEPTABLE = define(406, "Not Acceptable");
    public static final Status REQUEST_TIMEOUT = define(408, "Request Timeout");
    public static final Status CONFLICT = define(409, "Conflict");
    public static final Status GONE = define(410, "Gone");
    public static final Status LENGTH_REQUIRED = define(411, "Length Required");
    public static final Status PRECONDITION_FAILED = define(412, "Precondition Failed");
    public static final Status CONTENT_TOO_LARGE = define(413, "Content Too Large");
    public static final Status URI_TOO_LONG = define(414, "URI Too Long");
    public static final Status UNSUPPORTED_MEDIA_TYPE = define(415, "Unsupported Media Type");
    public static final Status EXPECTATION_FAILED = define(417, "Expectation Failed");
    public static final Status UNPROCESSABLE_CONTENT = define(422, "Unprocessable Content");
    public static final Status UPGRADE_REQUIRED = define(426, "Upgrade Required");
    public static final Status TOO_MANY_REQUESTS = define(429, "Too Many Requests");
    public static final Status REQUEST_HEADER_FIELDS_TOO_LARGE =
            define(431, "Request Header Fields Too Large");
    public static final Status INTERNAL_SERVER_ERROR = define(500, "Internal Server Error");
    public static final Status NOT_IMPLEMENTED = define(501, "Not Implemented");
    public static final Status BAD_GATEWAY = define(502, "Bad Gateway");
    public static final Status SERVICE_UNAVAILABLE = define(503, "Service Unavailable");
    public static final Status GATEWAY_TIMEOUT = define(504, "Gateway Timeout");
    public static final Status HTTP_VERSION_NOT_SUPPORTED =
            define(505, "HTTP Version Not Supported");

    static {
        for (int code = 100; code < CACHE.length; code++) {
            if (CACHE[code] == null) {
                CACHE[code] = new Status(code, genericReason(code));
            }
        }
    }

    private final int code;
    private final String reason;

    private Status(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    private static Status define(int code, String reason) {
        Status status = new Status(code, reason);
        CACHE[code] = status;
        return status;
    }

    private static String genericReason(int code) {
        return switch (code / 100) {
            case 1 -> "Informational";
            case 2 -> "Success";
            case 3 -> "Redirection";
            case 4 -> "Client Error";
            default -> "Server Error";
        };
    }

    /**
     * Returns the status with the given code.
     *
     * @throws IllegalArgumentException if the code is outside 100..599
     */
    public static Status of(int code) {
        if (code < 100 || code >= CACHE.length) {
            throw new IllegalArgumentException("status: " + code + " (expected 100..599)");
        }
        return CACHE[code];
    }

    /** Returns the numeric code, for example 404. */
    public int code() {
        return code;
    }

    /** Returns the reason phrase, for example "Not Found". */
    public String reason() {
        return reason;
    }

    /** Returns whether this is a 4xx or 5xx status. */
    public boolean isError() {
        return code >= 400;
    }

    /** Returns whether a response with this status never has content (1xx, 204, 304). */
    public boolean isBodiless() {
        return code < 200 || code == 204 || code == 304;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Status status && status.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return code + " " + reason;
    }
}
