package dev.merino.http;

/** Ends the request with 503 Service Unavailable; on a WebSocket, closes it with 1013. */
public class ServiceUnavailable extends HttpException {

    /** Creates the exception with a detail for the client. */
    public ServiceUnavailable(String detail) {
        super(Status.of(503), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public ServiceUnavailable(String detail, Throwable cause) {
        super(Status.of(503), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
