package dev.merino.http;

/** Ends the request with 422 Unprocessable Content: well-formed but invalid. */
public class UnprocessableContent extends HttpException {

    /** Creates the exception with a detail for the client. */
    public UnprocessableContent(String detail) {
        super(Status.of(422), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public UnprocessableContent(String detail, Throwable cause) {
        super(Status.of(422), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
