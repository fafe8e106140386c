package dev.merino.internal.server;

import dev.merino.http.Status;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's status for each {@link Status}, with Merino's reason phrase: Netty keeps the phrases
 * of RFC 2616 for some codes ("Request Entity Too Large" where RFC 9110 section 15.5.14 says
 * "Content Too Large"), and a status line should say what the problem title says.
 */
final class StatusLine {
    private static final HttpResponseStatus[] STATUSES = new HttpResponseStatus[600];

    static {
        for (int code = 100; code < STATUSES.length; code++) {
            Status status = Status.of(code);
            HttpResponseStatus standard = HttpResponseStatus.valueOf(code);
            STATUSES[code] = standard.reasonPhrase().equals(status.reason()) ? standard
                    : new HttpResponseStatus(code, status.reason());
        }
    }

    private StatusLine() {
    }

    /** Returns Netty's status with the code and reason phrase of the given one. */
    static HttpResponseStatus of(Status status) {
        return STATUSES[status.code()];
    }
}
