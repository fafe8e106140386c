package dev.merino.http;

import java.util.Locale;

/**
 * The HTTP request methods Merino routes (RFC 9110 section 9 and RFC 5789 for PATCH).
 *
 * <p>A request with any other method is answered with 501 Not Implemented before it reaches the
 * application.
 */
public enum Method {
    GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT;

    private static final Method[] VALUES = values();

    /**
     * Returns the method with the given name, matched case-sensitively as RFC 9110 section 9.1
     * requires, or {@code null} when Merino does not know it.
     */
    public static Method lookup(String name) {
        for (Method method : VALUES) {
            if (method.name().equals(name)) {
                return method;
            }
        }
        return null;
    }

    /**
     * Returns the method with the given name, ignoring case, for application code and
     * configuration.
     *
     * @throws IllegalArgumentException if no method has that name
     */
    public static Method of(String name) {
        Method method = lookup(name.toUpperCase(Locale.ROOT));
        if (method == null) {
            throw new IllegalArgumentException("method: '" + name + "' (expected one of GET, HEAD,"
                    + " POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT)");
        }
        return method;
    }
}
