package dev.merino.auth;

import dev.merino.http.Request;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates requests with HTTP Basic credentials (RFC 7617), checked by your code.
 *
 * <pre>{@code
 * BasicAuthenticator.of("admin area", (user, password) ->
 *         users.verify(user, password) ? Optional.of(Identity.of(user, "Basic", "admin"))
 *                 : Optional.empty());
 * }</pre>
 *
 * <p>A request without {@code Authorization: Basic} declines; malformed credentials and those
 * the check refuses fail. The challenge is {@code Basic realm="...", charset="UTF-8"}, and
 * credentials are decoded as UTF-8 (RFC 7617 section 2.1). Basic sends the password with every
 * request: serve it over TLS only.
 */
public final class BasicAuthenticator implements Authenticator {
    private final String realm;
    private final CredentialCheck check;

    /** Checks a user name and password. */
    @FunctionalInterface
    public interface CredentialCheck {

        /**
         * Returns the identity for the credentials, or empty when they are not valid. Called on
         * the request's virtual thread; may block. Compare passwords in constant time (with
         * {@link java.security.MessageDigest#isEqual}, say) or, better, against a slow hash.
         */
        Optional<Identity> check(String user, String password) throws Exception;
    }

    private BasicAuthenticator(String realm, CredentialCheck check) {
        this.realm = Objects.requireNonNull(realm, "realm");
        this.check = Objects.requireNonNull(check, "check");
    }

    /** Creates the scheme for a realm and a credential check. */
    public static BasicAuthenticator of(String realm, CredentialCheck check) {
        return new BasicAuthenticator(realm, check);
    }

    @Override
    public AuthResult authenticate(Request request) throws Exception {
        String header = request.header("Authorization").orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return AuthResult.declined();
        }
        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(header.substring(6).strip());
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return malformed();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return malformed();
        }
        return check.check(decoded.substring(0, colon), decoded.substring(colon + 1))
                .map(AuthResult::success)
                .orElseGet(() -> AuthResult.failure("invalid_credentials",
                        "The user name or password is not valid."));
    }

    private static AuthResult malformed() {
        return AuthResult.failure("invalid_credentials", "The Basic credentials are malformed.");
    }

    @Override
    public String challenge(AuthResult.Failure failure) {
        return "Basic realm=" + Authenticator.quoted(realm) + ", charset=\"UTF-8\"";
    }
}
