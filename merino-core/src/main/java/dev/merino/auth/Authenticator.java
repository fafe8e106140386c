package dev.merino.auth;

import dev.merino.http.Request;

/**
 * One authentication scheme: JWT bearer tokens, API keys, HTTP Basic, a signed cookie, or your
 * own. {@link Auth} asks its schemes in order until one succeeds or fails.
 *
 * <p>Implementations are shared by all requests and must be thread-safe. Neither method may
 * log or return the credential it reads.
 */
public interface Authenticator {

    /**
     * Reads the request's credential for this scheme and checks it. Called on the request's
     * virtual thread; may block (to fetch keys, say).
     *
     * @return a success with the identity, a decline when the request carries no credential of
     *     this scheme, or a failure when it carries an invalid one
     */
    AuthResult authenticate(Request request) throws Exception;

    /**
     * Returns this scheme's {@code WWW-Authenticate} challenge for a 401 (RFC 9110 section
     * 11.6.1), such as {@code Basic realm="api", charset="UTF-8"}.
     *
     * @param failure this scheme's failure when it is the reason for the 401, or {@code null}
     *     when the request carried no credential of this scheme
     */
    String challenge(AuthResult.Failure failure);

    /**
     * Quotes a value for an auth-param (RFC 9110 section 5.6.4), escaping quotes and
     * backslashes and dropping control characters.
     */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c != 0x7f) {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
