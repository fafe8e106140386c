package dev.merino.http;

/** Ends the request with 400 Bad Request: the request is malformed or invalid. */
public class BadRequest extends HttpException {

    /** Creates the exception with a detail for the client. */
    public BadRequest(String detail) {
        super(Status.of(400), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public BadRequest(String detail, Throwable cause) {
        super(Status.of(400), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
