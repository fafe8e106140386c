package dev.merino.internal.app;

import dev.merino.ExceptionHandler;
import dev.merino.Filter;
import dev.merino.Handler;
import dev.merino.RouteDefinition;
import dev.merino.ServerConfig;
import dev.merino.auth.Auth;
import dev.merino.http.HttpException;
import dev.merino.http.Method;
import dev.merino.http.MethodNotAllowed;
import dev.merino.http.NotFound;
import dev.merino.http.Request;
import dev.merino.http.Response;
import dev.merino.internal.binding.Described;
import dev.merino.internal.routing.PathPattern;
import dev.merino.internal.websocket.UpgradeChannel;
import dev.merino.internal.websocket.WebSocketEndpoint;
import dev.merino.internal.routing.Router;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;

/**
 * An application compiled at start: the route trie, the filter chains and the exception
 * mapping. Immutable and shared by every connection.
 */
public final class Application {
    private final ServerConfig config;
    private final Supplier<ObjectMapper> json;
    private final Router<CompiledRoute> router;
    private final Filter[] filters;
    private final Errors errors;

    /**
     * Compiles the declarations. The JSON mapper is asked for only when JSON is first read or
     * written, so a mapper built on first use (see {@link LazyMapper}) costs nothing at start.
     *
     * @throws IllegalStateException if two routes conflict
     */
    public Application(ServerConfig config, List<RouteDefinition> routes, List<Filter> filters,
            Map<Class<? extends Throwable>, ExceptionHandler<?>> exceptionHandlers,
            Map<Integer, ExceptionHandler<? super HttpException>> statusHandlers,
            Supplier<ObjectMapper> json) {
        this.config = config;
        this.json = json;
        this.filters = filters.toArray(Filter[]::new);
        this.errors = new Errors(exceptionHandlers, statusHandlers, config.development());
        Router.Builder<CompiledRoute> builder = Router.builder();
        for (RouteDefinition definition : routes) {
            requireAuthFor(definition, filters);
            PathPattern pattern = PathPattern.parse(definition.path());
            long limit = definition.options().maxBodySize() < 0 ? config.maxBodySize()
                    : definition.options().maxBodySize();
            CompiledRoute route = new CompiledRoute(definition, pattern,
                    definition.filters().toArray(Filter[]::new), limit);
            builder.add(definition.methods(), pattern, route, describe(definition));
        }
        this.router = builder.build();
    }

    private static String describe(RouteDefinition definition) {
        Handler handler = definition.handler();
        if (handler instanceof WebSocketEndpoint endpoint) {
            return describe(definition.describe(), endpoint.handler());
        }
        return describe(definition.describe(), handler);
    }

    private static String describe(String route, Object handler) {
        return handler instanceof Described described ? route + " (" + described.origin() + ")"
                : route;
    }

    /**
     * Fails the start when a route declares an access rule that no {@link Auth} filter would
     * enforce: without one, a route meant for admins would be open to anyone.
     */
    private static void requireAuthFor(RouteDefinition definition, List<Filter> filters) {
        if (definition.options().access() == null
                || definition.options().access().allowsAnonymous()
                || filters.stream().anyMatch(Auth.class::isInstance)
                || definition.filters().stream().anyMatch(Auth.class::isInstance)) {
            return;
        }
        throw new IllegalStateException("Route " + definition.describe() + " declares access "
                + definition.options().access() + ", but no Auth filter is installed for it"
                + " (expected app.filter(auth) or a group's filter)");
    }

    /** Returns the server settings. */
    public ServerConfig config() {
        return config;
    }

    /** Returns the JSON mapper, building it first if nothing needed JSON before. */
    public ObjectMapper json() {
        return json.get();
    }

    /** Returns where the JSON mapper comes from, for requests to ask when they read JSON. */
    public Supplier<ObjectMapper> jsonSource() {
        return json;
    }

    /** Returns the exception mapping, for failures outside the filter chain. */
    public Errors errors() {
        return errors;
    }

    /** Looks up the route for a method and decoded path segments. Must not block; cheap. */
    public Router.Result<CompiledRoute> match(Method method, String[] segments) {
        return router.match(method, segments);
    }

    /**
     * Returns the methods some route serves, with HEAD and OPTIONS: the {@code Allow} of
     * {@code OPTIONS *}. TRACE and CONNECT appear only when a route declares them.
     */
    public Set<Method> methods() {
        return router.methods();
    }

    /** Returns the body limit for a lookup result: the route's, or the server's. */
    public long maxBodySize(Router.Result<CompiledRoute> result) {
        return result instanceof Router.Found<CompiledRoute> found ? found.value().maxBodySize()
                : config.maxBodySize();
    }

    /** Returns whether the matched route runs on the event loop. */
    public boolean isNonBlocking(Router.Result<CompiledRoute> result) {
        return result instanceof Router.Found<CompiledRoute> found
                && found.value().definition().options().nonBlocking();
    }

    /**
     * Serves a request whose route was looked up: runs the filters and the handler and maps any
     * exception. Never throws; called on the request's thread.
     */
    public Response handle(Request request, Router.Result<CompiledRoute> result) {
        return handle(request, result, null);
    }

    /**
     * Serves a request like {@link #handle(Request, Router.Result)}; a WebSocket route uses the
     * connection's upgrade to switch protocols (and runs its whole session before returning
     * {@link WebSocketEndpoint#UPGRADED}).
     */
    public Response handle(Request request, Router.Result<CompiledRoute> result,
            UpgradeChannel upgrade) {
        Filter.Chain terminal = terminal(result, upgrade);
        Filter[] routeFilters = CompiledRoute.NO_FILTERS;
        RouteDefinition route = null;
        if (result instanceof Router.Found<CompiledRoute> found) {
            routeFilters = found.value().filters();
            route = found.value().definition();
        }
        return new Chain(filters, routeFilters, terminal, errors, route).next(request);
    }

    private Filter.Chain terminal(Router.Result<CompiledRoute> result, UpgradeChannel upgrade) {
        return switch (result) {
            case Router.Found<CompiledRoute> found -> request -> {
                try {
                    Handler handler = found.value().definition().handler();
                    if (handler instanceof WebSocketEndpoint endpoint) {
                        if (upgrade == null) {
                            throw new NotFound("No resource at this path.");
                        }
                        return endpoint.serve(request, upgrade, json, config.development());
                    }
                    return Results.toResponse(handler.handle(request));
                } catch (Throwable e) {
                    return errors.toResponse(e, request);
                }
            };
            case Router.Options<CompiledRoute> options -> request -> Response.noContent()
                    .withHeader("Allow", MethodNotAllowed.allow(options.allowed()));
            case Router.WrongMethod<CompiledRoute> wrong -> request -> errors.toResponse(
                    new MethodNotAllowed(wrong.allowed()), request);
            case Router.Missing<CompiledRoute> missing -> request -> errors.toResponse(
                    new NotFound("No resource at this path."), request);
        };
    }

    /**
     * Runs filters outermost first, then the terminal; each level maps its own exceptions.
     * Immutable: each level's {@code next} starts from that level, so a filter that calls it
     * twice (to retry, say) runs the inner filters and the handler twice.
     */
    private record Chain(Filter[] outer, Filter[] inner, Filter.Chain terminal, Errors errors,
            RouteDefinition definition, int index) implements Filter.Chain {

        Chain(Filter[] outer, Filter[] inner, Filter.Chain terminal, Errors errors,
                RouteDefinition definition) {
            this(outer, inner, terminal, errors, definition, 0);
        }

        @Override
        public Optional<RouteDefinition> route() {
            return Optional.ofNullable(definition);
        }

        @Override
        public Response next(Request request) {
            Filter filter = index < outer.length ? outer[index]
                    : index < outer.length + inner.length ? inner[index - outer.length] : null;
            if (filter == null) {
                return terminal.next(request);
            }
            try {
                Response response = filter.filter(request,
                        new Chain(outer, inner, terminal, errors, definition, index + 1));
                if (response == null) {
                    throw new IllegalStateException("Filter " + filter.getClass().getName()
                            + " returned null (expected a Response, e.g. chain.next(request))");
                }
                return response;
            } catch (Throwable e) {
                return errors.toResponse(e, request);
            }
        }
    }
}
