package dev.merino;

import dev.merino.http.Method;
import dev.merino.internal.routing.PathPattern;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A route as declared, before the application compiles its routes at start.
 *
 * @param methods the methods it serves
 * @param path its full path template
 * @param options its options
 * @param handler its handler
 * @param filters the filters of the groups it was declared in, outermost first
 */
public record RouteDefinition(Set<Method> methods, String path, RouteOptions options,
        Handler handler, List<Filter> filters) {

    /**
     * Copies the method set and checks the declaration, so that a mistake fails where the
     * route is declared rather than at start.
     *
     * @throws IllegalArgumentException if there is no method or the template is malformed
     */
    public RouteDefinition {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        PathPattern.parse(path);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("methods: none for route " + path
                    + " (expected at least one)");
        }
        methods = Set.copyOf(methods);
        filters = List.copyOf(filters);
    }

    /** Returns the route as {@code GET, POST /path} for messages. */
    public String describe() {
        return String.join(", ", methods.stream().sorted().map(Method::name).toList()) + " "
                + path;
    }
}
