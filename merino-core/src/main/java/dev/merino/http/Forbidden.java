package dev.merino.http;

/** Ends the request with 403 Forbidden: the client is known but not allowed. */
public class Forbidden extends HttpException {

    /** Creates the exception with a detail for the client. */
    public Forbidden(String detail) {
        super(Status.of(403), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public Forbidden(String detail, Throwable cause) {
        super(Status.of(403), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
