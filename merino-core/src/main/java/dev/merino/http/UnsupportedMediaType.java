package dev.merino.http;

/** Ends the request with 415 Unsupported Media Type. */
public class UnsupportedMediaType extends HttpException {

    /** Creates the exception with a detail for the client. */
    public UnsupportedMediaType(String detail) {
        super(Status.of(415), detail);
    }

    /** Creates the exception with a detail for the client and the cause, kept for logs. */
    public UnsupportedMediaType(String detail, Throwable cause) {
        super(Status.of(415), detail, Headers.empty(), java.util.Map.of(), cause);
    }
}
