package dev.merino.auth;

import dev.merino.http.Request;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who made a request, as an {@link Authenticator} established it.
 *
 * <p>Immutable. {@link Auth} stores the identity of an authenticated request in its attributes
 * under {@link #ATTRIBUTE}; handlers read it with {@link #of(Request)} or
 * {@link #require(Request)}.
 *
 * @param name the principal's name, such as a JWT's {@code sub} or a user name
 * @param claims what the scheme knows about the principal (a JWT's claims, for example); never
 *     the credential itself
 * @param roles the principal's roles
 * @param scheme the name of the scheme that authenticated it, such as {@code Bearer}
 */
public record Identity(String name, Map<String, Object> claims, Set<String> roles,
        String scheme) {

    /** The request attribute that holds the identity of an authenticated request. */
    public static final String ATTRIBUTE = "dev.merino.auth.identity";

    /** Checks and copies the values. */
    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
        claims = Map.copyOf(claims);
        roles = Set.copyOf(roles);
    }

    /** Creates an identity with roles and no claims. */
    public static Identity of(String name, String scheme, String... roles) {
        return new Identity(name, Map.of(), Set.of(roles), scheme);
    }

    /** Returns whether the identity has the role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Returns the claim of the given name, if present. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** Returns a copy with other roles. */
    public Identity withRoles(Set<String> roles) {
        return new Identity(name, claims, roles, scheme);
    }

    /** Returns the identity of the request, if it was authenticated. */
    public static Optional<Identity> of(Request request) {
        return request.attribute(ATTRIBUTE, Identity.class);
    }

    /**
     * Returns the identity of the request.
     *
     * @throws IllegalStateException if the request was not authenticated: the route is not
     *     protected by a policy that requires authentication, or {@link Auth} is not installed
     */
    public static Identity require(Request request) {
        return of(request).orElseThrow(() -> new IllegalStateException("No identity on "
                + request + " (expected a route protected by Auth with an authenticating"
                + " policy)"));
    }

    @Override
    public String toString() {
        // Claims stay out: they are the principal's data, not for log lines.
        return "Identity[" + name + " via " + scheme + ", roles " + roles + "]";
    }
}
