package dev.merino.http;

/** Ends the request with 409 Conflict: the request conflicts with the resource's state. */
public class Conflict extends HttpException {

    /** Creates the exception with a detail for the client. */
    public Conflict(String detail) {
        super(Status.of(409), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public Conflict(String detail, Throwable cause) {
        super(Status.of(409), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
