package dev.merino;

import dev.merino.http.Method;
import dev.merino.internal.binding.ControllerRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** Routes under a common path prefix, with filters of their own. Used while building an app. */
public final class Group implements Routes<Group> {
    private final String prefix;
    private final List<Filter> filters;
    private final List<RouteDefinition> sink;

    Group(String prefix, List<Filter> parentFilters, List<RouteDefinition> sink) {
        this.prefix = prefix;
        this.filters = new ArrayList<>(parentFilters);
        this.sink = sink;
    }

    /** Adds a filter that runs for this group's routes added after it, inside outer filters. */
    public Group filter(Filter filter) {
        filters.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    @Override
    public Group route(Set<Method> methods, String path, RouteOptions options, Handler handler) {
        sink.add(new RouteDefinition(methods, App.join(prefix, path), options, handler,
                List.copyOf(filters)));
        return this;
    }

    /**
     * Registers a controller whose prefix is joined to the group's and whose routes run inside
     * the group's filters added before it; see {@link App#controller(Class)}.
     */
    public Group controller(Class<?> type) {
        sink.addAll(ControllerRoutes.declare(Objects.requireNonNull(type, "type"),
                (controllerPrefix, path) -> App.join(App.join(prefix, controllerPrefix), path),
                List.copyOf(filters)));
        return this;
    }

    @Override
    public Group group(String subPrefix, Consumer<Group> routes) {
        routes.accept(new Group(App.join(prefix, subPrefix), filters, sink));
        return this;
    }
}
