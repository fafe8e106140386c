package dev.merino.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exception that ends a request with an HTTP error status.
 *
 * <p>Thrown from a handler, a filter or a binder, it becomes a response with its status, its
 * headers (for example {@code WWW-Authenticate} or {@code Retry-After}) and an RFC 9457 problem
 * body, unless an exception handler registered for its type or status answers instead. Its
 * detail is meant for the client: never put secrets or raw request data in it.
 *
 * <p>Thrown after a WebSocket is accepted, a 4xx status closes the socket with code 4000 plus
 * the status, 413 with 1009, 503 with 1013, and any other 5xx with 1011.
 */
public class HttpException extends RuntimeException {
    private final Status status;
    private final String detail;
    private final Headers headers;
    private final Map<String, Object> extensions;

    /** Creates an exception with the given status and detail for the client. */
    public HttpException(Status status, String detail) {
        this(status, detail, Headers.empty(), Map.of(), null);
    }

    /** Creates an exception with the given status code and detail for the client. */
    public HttpException(int status, String detail) {
        this(Status.of(status), detail);
    }

    /**
     * Creates an exception with headers for the response and extension members for the problem
     * body.
     */
    public HttpException(Status status, String detail, Headers headers,
            Map<String, Object> extensions, Throwable cause) {
        super(status + (detail == null ? "" : ": " + detail), cause, false, cause != null);
        if (status.code() < 400) {
            throw new IllegalArgumentException("status: " + status.code()
                    + " (expected an error status, 400..599)");
        }
        this.status = status;
        this.detail = detail;
        this.headers = headers;
        // In order, like the Problem it becomes; Map.copyOf would shuffle the members.
        this.extensions = extensions.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Returns the status of the response. */
    public Status status() {
        return status;
    }

    /** Returns the detail for the problem body, or {@code null}. */
    public String detail() {
        return detail;
    }

    /** Returns headers to add to the response. */
    public Headers headers() {
        return headers;
    }

    /** Returns extra members of the problem body, such as {@code errors}. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Returns the problem details that describe this exception for the given request path. */
    public Problem toProblem(String instance) {
        return new Problem(null, status.reason(), status.code(), detail, instance, extensions);
    }

    /** Returns the response this exception stands for, with a problem+json body. */
    public Response toResponse(String instance) {
        Response response = Response.problem(toProblem(instance));
        for (Map.Entry<String, String> header : headers) {
            response = response.addHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    static Map<String, Object> with(String name, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(name, value);
        return map;
    }
}
