package dev.merino.auth;

import dev.merino.http.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * A named authorization rule: a request is allowed when it meets every requirement.
 *
 * <pre>{@code
 * Policy admins = Policy.builder("admins").anyRole("admin").build();
 * Policy acme = Policy.builder("acme").claimEquals("tenant", "acme")
 *         .requireThat((identity, request) -> request.method() == Method.GET).build();
 * }</pre>
 *
 * <p>A request that does not meet a policy is answered 401 when it is anonymous and 403 when
 * it is authenticated. A policy with no requirement allows anonymous requests too.
 *
 * @param name the name routes refer to it by
 * @param requirements the requirements, all of which must be met
 */
public record Policy(String name, List<Requirement> requirements) {

    /** The name of the built-in policy that requires an authenticated request. */
    public static final String AUTHENTICATED = "authenticated";

    /** Checks the name and copies the requirements. */
    public Policy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("policy name: '" + name + "' (expected a name)");
        }
        requirements = List.copyOf(requirements);
    }

    /** Returns the built-in policy named {@value #AUTHENTICATED}. */
    public static Policy authenticated() {
        return new Policy(AUTHENTICATED, List.of(Requirement.authenticated()));
    }

    /** Returns a builder for a policy of the given name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Returns whether the request meets every requirement. */
    public boolean allows(Identity identity, Request request) {
        for (Requirement requirement : requirements) {
            if (!requirement.test(identity, request)) {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link Policy}; each method adds a requirement. */
    public static final class Builder {
        private final String name;
        private final List<Requirement> requirements = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Requires an authenticated request. */
        public Builder authenticated() {
            return require(Requirement.authenticated());
        }

        /** Requires at least one of the roles. */
        public Builder anyRole(String... roles) {
            return require(Requirement.anyRole(roles));
        }

        /** Requires the claim to be present. */
        public Builder claimPresent(String claim) {
            return require(Requirement.claimPresent(claim));
        }

        /** Requires the claim to equal (or, for a list, contain) the value. */
        public Builder claimEquals(String claim, Object value) {
            return require(Requirement.claimEquals(claim, value));
        }

        /** Requires a custom predicate on the identity (never null here) and the request. */
        public Builder requireThat(BiPredicate<Identity, Request> predicate) {
            Objects.requireNonNull(predicate, "predicate");
            Requirement requirement = (identity, request) -> identity != null
                    && predicate.test(identity, request);
            return require(requirement);
        }

        /** Adds a requirement. */
        public Builder require(Requirement requirement) {
            requirements.add(Objects.requireNonNull(requirement, "requirement"));
            return this;
        }

        /** Builds the policy. */
        public Policy build() {
            return new Policy(name, requirements);
        }
    }
}
