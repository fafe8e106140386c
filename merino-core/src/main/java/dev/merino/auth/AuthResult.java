package dev.merino.auth;

import java.util.Objects;

/**
 * What an {@link Authenticator} made of a request: an identity, a decline (the request carries
 * no credential for this scheme, so the next scheme is asked), or a failure (it carries one and
 * the credential is not valid).
 */
public sealed interface AuthResult {

    /** Returns a success with the identity. */
    static AuthResult success(Identity identity) {
        return new Success(identity);
    }

    /** Returns a decline: no credential of this scheme in the request. */
    static AuthResult declined() {
        return Declined.INSTANCE;
    }

    /**
     * Returns a failure.
     *
     * @param error a short error code for the challenge, such as RFC 6750's
     *     {@code invalid_token}, or {@code null}
     * @param description why, for the client; never the credential or anything else secret
     */
    static AuthResult failure(String error, String description) {
        return new Failure(error, description);
    }

    /**
     * An authenticated request.
     *
     * @param identity who made it
     */
    record Success(Identity identity) implements AuthResult {
        /** Checks the identity. */
        public Success {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** No credential for this scheme. */
    enum Declined implements AuthResult {
        /** The one instance. */
        INSTANCE
    }

    /**
     * A credential that is not valid.
     *
     * @param error a short error code, or {@code null}
     * @param description why, for the client
     */
    record Failure(String error, String description) implements AuthResult {
        /** Checks the description. */
        public Failure {
            Objects.requireNonNull(description, "description");
        }
    }
}
