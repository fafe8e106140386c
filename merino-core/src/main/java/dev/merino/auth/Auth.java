package dev.merino.auth;

import dev.merino.Filter;
import dev.merino.RouteDefinition;
import dev.merino.RouteOptions;
import dev.merino.http.Forbidden;
import dev.merino.http.Request;
import dev.merino.http.Response;
import dev.merino.http.Unauthorized;
import dev.merino.internal.app.Errors;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorization, as a {@link Filter}: it asks its schemes in order who made
 * the request, then checks the matched route's access rule.
 *
 * <pre>{@code
 * Auth auth = Auth.builder()
 *         .scheme(JwtAuthenticator.builder().jwks(uri).issuer(iss).audience("api").build())
 *         .scheme(BasicAuthenticator.of("admin area", users::check))
 *         .policy(Policy.builder("admins").anyRole("admin").build())
 *         .defaultPolicy(Policy.AUTHENTICATED)
 *         .build();
 * app.filter(auth);
 * app.get("/admin/stats", Auth.policy("admins"), request -> stats());
 * app.get("/health", Auth.allowAnonymous(), request -> "ok");
 * app.ws("/rooms/{room}", Auth.policy("members"), upgrade -> ...);
 * }</pre>
 *
 * <p>For a request that matched a route, the schemes are asked in the order added: the first
 * success gives the request its {@link Identity} (see {@link Identity#of(Request)}), the first
 * failure ends the asking, a decline passes to the next scheme. Then the route's rule decides:
 * its named policy, or the default policy when it declares none, or nothing at all when it is
 * {@linkplain Access#anonymous() anonymous} or there is no default. A request the policy refuses
 * is answered 401 with one {@code WWW-Authenticate} challenge per scheme when it is anonymous
 * (the failing scheme's challenge says why), and 403 when it is authenticated; both with
 * problem+json bodies that carry no credential. On a WebSocket route this happens in the
 * upgrade phase, before any 101.
 *
 * <p>Requests that matched no route (on their way to a 404 or 405) pass through untouched. A
 * credential that fails on a route open to anonymous requests is ignored: the request goes on
 * without an identity. A route that names a policy the builder does not know is answered 500
 * and logged: access fails closed.
 *
 * <p>A route that declares a policy while no {@code Auth} filter is installed for it (on the
 * app or its group) fails the start, so a forgotten {@code app.filter(auth)} cannot leave it
 * open.
 *
 * <p>Add it before the filters that should see the identity; it runs on the request's virtual
 * thread and may block while a scheme fetches keys.
 */
public final class Auth implements Filter {
    private static final Logger log = LoggerFactory.getLogger("dev.merino.auth");

    private final List<Authenticator> schemes;
    private final Map<String, Policy> policies;
    private final String defaultPolicy;
    private final FailureThrottle throttle;

    private Auth(Builder b) {
        this.schemes = List.copyOf(b.schemes);
        this.policies = Map.copyOf(b.policies);
        this.defaultPolicy = b.defaultPolicy;
        this.throttle = b.throttle;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns route options that guard a route with the named policy. */
    public static RouteOptions policy(String name) {
        return RouteOptions.defaults().withAccess(Access.policy(name));
    }

    /** Returns route options that require authentication, or the default policy if any. */
    public static RouteOptions authorized() {
        return RouteOptions.defaults().withAccess(Access.authorized());
    }

    /** Returns route options that open a route to anyone, overriding the default policy. */
    public static RouteOptions allowAnonymous() {
        return RouteOptions.defaults().withAccess(Access.anonymous());
    }

    @Override
    public Response filter(Request request, Chain chain) throws Exception {
        Optional<RouteDefinition> route = chain.route();
        // Nobody but this filter says who the client is.
        request.attributes().remove(Identity.ATTRIBUTE);
        if (route.isEmpty()) {
            return chain.next(request);
        }
        Policy policy = policyFor(route.get());
        InetAddress client = request.remoteAddress().getAddress();
        if (policy != null && throttle != null) {
            throttle.check(client);
        }

        Outcome outcome = authenticate(request);
        if (outcome.identity() != null) {
            request.attributes().put(Identity.ATTRIBUTE, outcome.identity());
        }
        if (policy == null || policy.allows(outcome.identity(), request)) {
            return chain.next(request);
        }

        if (outcome.identity() != null) {
            log.debug("Refused {} with 403: {} does not meet policy {}", Errors.where(request),
                    outcome.identity(), policy.name());
            throw new Forbidden("You are not allowed to use this resource.");
        }
        if (outcome.failure() != null && throttle != null) {
            throttle.recordFailure(client);
        }
        throw unauthorized(request, outcome);
    }

    private Policy policyFor(RouteDefinition route) {
        Access access = route.options().access();
        if (access != null && access.allowsAnonymous()) {
            return null;
        }
        String name = access == null || access.policy() == null ? defaultPolicy : access.policy();
        if (name == null) {
            return access == null ? null : Policy.authenticated();
        }
        Policy policy = policies.get(name);
        if (policy == null) {
            throw new IllegalStateException("Route " + route.describe() + " names policy '"
                    + name + "', which Auth does not know (expected one of "
                    + policies.keySet() + ")");
        }
        return policy;
    }

    private record Outcome(Identity identity, Authenticator failed, AuthResult.Failure failure) {
    }

    private Outcome authenticate(Request request) throws Exception {
        for (Authenticator scheme : schemes) {
            switch (scheme.authenticate(request)) {
                case AuthResult.Success success -> {
                    return new Outcome(success.identity(), null, null);
                }
                case AuthResult.Failure failure -> {
                    return new Outcome(null, scheme, failure);
                }
                case AuthResult.Declined declined -> {
                    // The next scheme may know the request's credential.
                }
            }
        }
        return new Outcome(null, null, null);
    }

    private Unauthorized unauthorized(Request request, Outcome outcome) {
        List<String> challenges = new ArrayList<>();
        for (Authenticator scheme : schemes) {
            challenges.add(scheme.challenge(scheme == outcome.failed() ? outcome.failure()
                    : null));
        }
        String detail = outcome.failure() == null ? "Authentication is required."
                : outcome.failure().description();
        log.debug("Refused {} from {} with 401: {}", Errors.where(request),
                request.remoteAddress().getAddress().getHostAddress(), detail);
        return new Unauthorized(detail, challenges);
    }

    /** Builds an {@link Auth}. */
    public static final class Builder {
        private final List<Authenticator> schemes = new ArrayList<>();
        private final Map<String, Policy> policies = new LinkedHashMap<>();
        private String defaultPolicy;
        private FailureThrottle throttle;

        private Builder() {
            policies.put(Policy.AUTHENTICATED, Policy.authenticated());
        }

        /** Adds a scheme; schemes are asked in the order added. */
        public Builder scheme(Authenticator scheme) {
            schemes.add(Objects.requireNonNull(scheme, "scheme"));
            return this;
        }

        /** Adds a policy, replacing any of the same name. */
        public Builder policy(Policy policy) {
            policies.put(policy.name(), policy);
            return this;
        }

        /**
         * Sets the policy for routes that declare no access rule; without one, such routes
         * are open to anyone.
         */
        public Builder defaultPolicy(String name) {
            this.defaultPolicy = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Throttles failed authentications per client address. */
        public Builder throttle(FailureThrottle throttle) {
            this.throttle = Objects.requireNonNull(throttle, "throttle");
            return this;
        }

        /**
         * Builds the filter.
         *
         * @throws IllegalStateException if there is no scheme or the default policy is unknown
         */
        public Auth build() {
            if (schemes.isEmpty()) {
                throw new IllegalStateException("Auth schemes: none (expected at least one, so"
                        + " that a 401 can carry a challenge)");
            }
            if (defaultPolicy != null && !policies.containsKey(defaultPolicy)) {
                throw new IllegalStateException("defaultPolicy: '" + defaultPolicy
                        + "' (expected one of " + policies.keySet() + ")");
            }
            return new Auth(this);
        }
    }
}
