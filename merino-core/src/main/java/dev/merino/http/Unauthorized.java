package dev.merino.http;

import java.util.List;
import java.util.Map;

/**
 * Ends the request with 401 Unauthorized and one {@code WWW-Authenticate} challenge per scheme
 * the client could use (RFC 9110 section 11.6.1).
 */
public class Unauthorized extends HttpException {

    /**
     * Creates the exception.
     *
     * @param detail a detail for the client
     * @param challenges the {@code WWW-Authenticate} values, for example
     *     {@code Bearer realm="api"}; at least one, as RFC 9110 requires
     */
    public Unauthorized(String detail, List<String> challenges) {
        super(Status.UNAUTHORIZED, detail, challengeHeaders(challenges), Map.of(), null);
    }

    /** Creates the exception with one challenge. */
    public Unauthorized(String detail, String challenge) {
        this(detail, List.of(challenge));
    }

    private static Headers challengeHeaders(List<String> challenges) {
        if (challenges.isEmpty()) {
            throw new IllegalArgumentException("challenges: none (a 401 needs at least one"
                    + " WWW-Authenticate challenge)");
        }
        Headers.Builder headers = Headers.builder();
        challenges.forEach(challenge -> headers.add("WWW-Authenticate", challenge));
        return headers.build();
    }
}
