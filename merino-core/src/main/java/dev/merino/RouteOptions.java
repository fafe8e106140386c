package dev.merino;

import dev.merino.auth.Access;

/**
 * Per-route settings.
 *
 * @param nonBlocking whether the handler runs on the event loop instead of a virtual thread;
 *     only for handlers that never block (no I/O, no locks, no reading a body still arriving)
 * @param maxBodySize the largest request body the route accepts, in bytes, or -1 for the
 *     server's {@link ServerConfig#maxBodySize()}
 * @param access who may use the route, as {@link dev.merino.auth.Auth} enforces it, or
 *     {@code null} when the route declares nothing (the default policy applies)
 */
public record RouteOptions(boolean nonBlocking, long maxBodySize, Access access) {
    private static final RouteOptions DEFAULTS = new RouteOptions(false, -1, null);

    /** Checks the values. */
    public RouteOptions {
        if (maxBodySize < -1) {
            throw new IllegalArgumentException("maxBodySize: " + maxBodySize
                    + " (expected -1 for the server default, or 0 and more)");
        }
    }

    /** Creates options that declare no access rule. */
    public RouteOptions(boolean nonBlocking, long maxBodySize) {
        this(nonBlocking, maxBodySize, null);
    }

    /** Returns the defaults: a virtual thread per request and the server's body limit. */
    public static RouteOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a copy that runs the handler on the event loop. */
    public RouteOptions withNonBlocking(boolean nonBlocking) {
        return new RouteOptions(nonBlocking, maxBodySize, access);
    }

    /** Returns a copy with another request body limit in bytes. */
    public RouteOptions withMaxBodySize(long maxBodySize) {
        return new RouteOptions(nonBlocking, maxBodySize, access);
    }

    /**
     * Returns a copy with an access rule, such as {@code Access.policy("admins")} or
     * {@code Access.anonymous()}; {@code null} removes it.
     */
    public RouteOptions withAccess(Access access) {
        return new RouteOptions(nonBlocking, maxBodySize, access);
    }
}
