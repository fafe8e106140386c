package dev.merino;

import dev.merino.http.Method;
import dev.merino.internal.websocket.WebSocketEndpoint;
import dev.merino.websocket.WebSocketHandler;
import dev.merino.websocket.WebSocketOptions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where routes are declared: the {@link App} itself and the groups made with
 * {@link #group(String, Consumer)}.
 *
 * <p>A path template is made of literal segments and parameters: {@code {name}} matches one
 * segment, {@code {id:int}}, {@code {id:long}} and {@code {id:uuid}} match one segment of that
 * type, and {@code {*rest}}, last only, matches the rest of the path (possibly empty). Literal
 * segments win over parameters, typed parameters over {@code {name}}. Paths are matched exactly:
 * {@code /users} and {@code /users/} are different paths.
 *
 * @param <R> the type returned for chaining
 */
public interface Routes<R extends Routes<R>> {

    /**
     * Adds a route for the given methods.
     *
     * @throws IllegalArgumentException if the template is malformed; conflicts with other
     *     routes are reported when the application starts
     */
    R route(Set<Method> methods, String path, RouteOptions options, Handler handler);

    /**
     * Adds a group of routes under a path prefix; the group's own filters apply only to its
     * routes, inside the application's filters.
     */
    R group(String prefix, Consumer<Group> routes);

    /** Adds a route for the given methods with default options. */
    default R route(Set<Method> methods, String path, Handler handler) {
        return route(methods, path, RouteOptions.defaults(), handler);
    }

    /** Adds a GET route; it also serves HEAD. */
    default R get(String path, Handler handler) {
        return route(EnumSet.of(Method.GET), path, handler);
    }

    /** Adds a GET route with options; it also serves HEAD. */
    default R get(String path, RouteOptions options, Handler handler) {
        return route(EnumSet.of(Method.GET), path, options, handler);
    }

    /** Adds a POST route. */
    default R post(String path, Handler handler) {
        return route(EnumSet.of(Method.POST), path, handler);
    }

    /** Adds a POST route with options. */
    default R post(String path, RouteOptions options, Handler handler) {
        return route(EnumSet.of(Method.POST), path, options, handler);
    }

    /** Adds a PUT route. */
    default R put(String path, Handler handler) {
        return route(EnumSet.of(Method.PUT), path, handler);
    }

    /** Adds a DELETE route. */
    default R delete(String path, Handler handler) {
        return route(EnumSet.of(Method.DELETE), path, handler);
    }

    /** Adds a PATCH route. */
    default R patch(String path, Handler handler) {
        return route(EnumSet.of(Method.PATCH), path, handler);
    }

    /** Adds a HEAD route, which takes precedence over the GET route's HEAD service. */
    default R head(String path, Handler handler) {
        return route(EnumSet.of(Method.HEAD), path, handler);
    }

    /** Adds an OPTIONS route, which replaces the automatic {@code Allow} answer. */
    default R options(String path, Handler handler) {
        return route(EnumSet.of(Method.OPTIONS), path, handler);
    }

    /**
     * Adds a WebSocket route with default options. It answers GET upgrade requests; the
     * application's and groups' filters and exception handlers apply to its upgrade phase as to
     * any request. Like a GET route, it conflicts with a GET route of the same path.
     */
    default R ws(String path, WebSocketHandler handler) {
        return ws(path, WebSocketOptions.defaults(), handler);
    }

    /** Adds a WebSocket route with options; see {@link #ws(String, WebSocketHandler)}. */
    default R ws(String path, WebSocketOptions options, WebSocketHandler handler) {
        return ws(path, RouteOptions.defaults(), options, handler);
    }

    /**
     * Adds a WebSocket route with route options, such as an access rule
     * ({@code Auth.policy("members")}) that is decided in the upgrade phase, before any 101.
     */
    default R ws(String path, RouteOptions routeOptions, WebSocketHandler handler) {
        return ws(path, routeOptions, WebSocketOptions.defaults(), handler);
    }

    /** Adds a WebSocket route with route options and WebSocket options. */
    default R ws(String path, RouteOptions routeOptions, WebSocketOptions options,
            WebSocketHandler handler) {
        return route(EnumSet.of(Method.GET), path, routeOptions,
                new WebSocketEndpoint(options, handler));
    }
}
