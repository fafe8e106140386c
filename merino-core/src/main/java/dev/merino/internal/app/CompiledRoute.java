package dev.merino.internal.app;

import dev.merino.Filter;
import dev.merino.RouteDefinition;
import dev.merino.internal.routing.PathPattern;

/**
 * A route ready to serve: its declaration, parsed template, group filters and body limit.
 *
 * @param definition the route as declared
 * @param pattern the parsed template
 * @param filters the group filters, outermost first
 * @param maxBodySize the request body limit in bytes
 */
public record CompiledRoute(RouteDefinition definition, PathPattern pattern, Filter[] filters,
        long maxBodySize) {
    static final Filter[] NO_FILTERS = new Filter[0];
}
