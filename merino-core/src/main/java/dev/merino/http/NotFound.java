package dev.merino.http;

/** Ends the request with 404 Not Found. */
public class NotFound extends HttpException {

    /** Creates the exception with a detail for the client. */
    public NotFound(String detail) {
        super(Status.of(404), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public NotFound(String detail, Throwable cause) {
        super(Status.of(404), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
