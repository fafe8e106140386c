package dev.merino.http;

import java.time.Duration;
import java.util.Map;

/**
 * Ends the request with 429 Too Many Requests and a {@code Retry-After} header; on a WebSocket,
 * closes it with 4429.
 */
public class TooManyRequests extends HttpException {

    /** Creates the exception telling the client to wait {@code retryAfter} (whole seconds). */
    public TooManyRequests(String detail, Duration retryAfter) {
        super(Status.TOO_MANY_REQUESTS, detail,
                Headers.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))),
                Map.of(), null);
    }
}
