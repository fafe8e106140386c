package dev.merino.auth;

import dev.merino.http.Request;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * One condition of a {@link Policy}, tested against the request's identity.
 *
 * <p>Requirements are shared by all requests: they must be thread-safe and should not block.
 */
@FunctionalInterface
public interface Requirement {

    /**
     * Returns whether the request meets the requirement.
     *
     * @param identity the request's identity, or {@code null} when it is anonymous
     * @param request the request
     */
    boolean test(Identity identity, Request request);

    /** Returns a requirement met by any authenticated request. */
    static Requirement authenticated() {
        return (identity, request) -> identity != null;
    }

    /** Returns a requirement met by an identity that has at least one of the roles. */
    static Requirement anyRole(String... roles) {
        Set<String> wanted = Set.of(roles);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("roles: none (expected at least one)");
        }
        return (identity, request) -> identity != null
                && identity.roles().stream().anyMatch(wanted::contains);
    }

    /** Returns a requirement met by an identity that has the claim, whatever its value. */
    static Requirement claimPresent(String name) {
        Objects.requireNonNull(name, "name");
        return (identity, request) -> identity != null && identity.claims().containsKey(name);
    }

    /**
     * Returns a requirement met by an identity whose claim equals the value, or, when the claim
     * is a list (such as an {@code aud} array), contains it.
     */
    static Requirement claimEquals(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return (identity, request) -> {
            Object claim = identity == null ? null : identity.claims().get(name);
            return value.equals(claim)
                    || claim instanceof Collection<?> values && values.contains(value);
        };
    }
}
