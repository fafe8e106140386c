package dev.merino.http;

/** Ends the request with 413 Content Too Large; on a WebSocket, closes it with 1009. */
public class PayloadTooLarge extends HttpException {

    /** Creates the exception with a detail for the client. */
    public PayloadTooLarge(String detail) {
        super(Status.of(413), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public PayloadTooLarge(String detail, Throwable cause) {
        super(Status.of(413), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
