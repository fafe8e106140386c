package dev.merino.auth;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;

/**
 * A route's access rule: open to anonymous requests, or guarded by a named policy (or the
 * default policy). Set on a route with {@code RouteOptions.withAccess}, or more briefly with
 * {@link Auth#policy(String)} and {@link Auth#allowAnonymous()}; read from controller
 * annotations with {@link #of(Method)}.
 *
 * @param allowsAnonymous whether the route is open to anyone, whatever the default policy says
 * @param policy the name of the policy, or {@code null} for the default policy (or
 *     {@value Policy#AUTHENTICATED} when there is none); {@code null} when anonymous
 */
public record Access(boolean allowsAnonymous, String policy) {
    private static final Access ANONYMOUS = new Access(true, null);
    private static final Access DEFAULT = new Access(false, null);

    /** Checks the combination. */
    public Access {
        if (allowsAnonymous && policy != null) {
            throw new IllegalArgumentException("policy: '" + policy
                    + "' on an anonymous rule (expected none)");
        }
        if (policy != null && policy.isBlank()) {
            throw new IllegalArgumentException("policy: '" + policy + "' (expected a name)");
        }
    }

    /** Returns the rule that lets anyone in, overriding the default policy. */
    public static Access anonymous() {
        return ANONYMOUS;
    }

    /** Returns the rule that applies the named policy. */
    public static Access policy(String name) {
        return new Access(false, Objects.requireNonNull(name, "name"));
    }

    /**
     * Returns the rule that applies the default policy, or requires authentication when there
     * is no default policy; what a bare {@code @Authorize} means.
     */
    public static Access authorized() {
        return DEFAULT;
    }

    /**
     * Returns the rule that {@link Authorize} and {@link AllowAnonymous} declare for a
     * controller method: the method's own annotation, else its declaring class's, else empty
     * (the route declares nothing and the default policy applies).
     *
     * @throws IllegalArgumentException if one element carries both annotations
     */
    public static Optional<Access> of(Method method) {
        Optional<Access> own = declared(method);
        return own.isPresent() ? own : declared(method.getDeclaringClass());
    }

    /** Returns the rule declared on a class, or empty. */
    public static Optional<Access> of(Class<?> type) {
        return declared(type);
    }

    private static Optional<Access> declared(AnnotatedElement element) {
        Authorize authorize = element.getAnnotation(Authorize.class);
        boolean anonymous = element.isAnnotationPresent(AllowAnonymous.class);
        if (authorize != null && anonymous) {
            throw new IllegalArgumentException(element + ": both @Authorize and @AllowAnonymous"
                    + " (expected one)");
        }
        if (anonymous) {
            return Optional.of(ANONYMOUS);
        }
        if (authorize == null) {
            return Optional.empty();
        }
        return Optional.of(authorize.value().isEmpty() ? DEFAULT : policy(authorize.value()));
    }
}
