package dev.merino;

import dev.merino.http.HttpException;
import dev.merino.http.Method;
import dev.merino.internal.app.Application;
import dev.merino.internal.server.HttpServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Merino application: routes, filters, exception handlers and lifecycle listeners, declared
 * on one thread before {@link #start(int)}.
 *
 * <pre>{@code
 * App app = Merino.app();
 * app.get("/hello/{name}", request -> "Hello, " + request.pathParam("name") + "!");
 * app.start(8000);
 * }</pre>
 *
 * <p>Starting compiles the routes; a malformed template or two routes that claim the same
 * method and path fail then, with a message naming both. Declarations made after a start apply
 * to the next start only.
 */
public final class App implements Routes<App> {
    private final ServerConfig config;
    private final List<RouteDefinition> routes = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private final Map<Class<? extends Throwable>, ExceptionHandler<?>> exceptionHandlers =
            new LinkedHashMap<>();
    private final Map<Integer, ExceptionHandler<? super HttpException>> statusHandlers =
            new LinkedHashMap<>();
    private final List<Consumer<Server>> startListeners = new ArrayList<>();
    private final List<Consumer<Server>> stopListeners = new ArrayList<>();
    private ObjectMapper json = JsonMapper.builder().build();

    App(ServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Returns the server settings. */
    public ServerConfig config() {
        return config;
    }

    @Override
    public App route(Set<Method> methods, String path, RouteOptions options, Handler handler) {
        routes.add(new RouteDefinition(methods, path, options, handler, List.of()));
        return this;
    }

    @Override
    public App group(String prefix, Consumer<Group> declarations) {
        declarations.accept(new Group(prefix, List.of(), routes));
        return this;
    }

    /**
     * Adds a filter around every request, inside the filters added before it. Filters also
     * run for requests that match no route.
     */
    public App filter(Filter filter) {
        filters.add(Objects.requireNonNull(filter, "filter"));
        return this;
    }

    /**
     * Registers a handler for exceptions of the given type and its subtypes; for an exception,
     * the handler of the closest type in its class hierarchy wins.
     */
    public <T extends Throwable> App exception(Class<T> type, ExceptionHandler<? super T> handler) {
        exceptionHandlers.put(Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Registers a handler for {@link HttpException}s of the given status, including the 404
     * and 405 the router raises. A handler registered for a subtype of {@code HttpException}
     * (such as {@code NotFound}) takes precedence; one for {@code HttpException} itself or a
     * supertype does not.
     */
    public App status(int status, ExceptionHandler<? super HttpException> handler) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected 400..599)");
        }
        statusHandlers.put(status, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Sets the Jackson mapper for JSON bodies and responses. */
    public App json(ObjectMapper mapper) {
        this.json = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    /**
     * Adds a listener called once the server listens, on the starting thread. If a listener
     * throws, the server stops again (its stop listeners run) and {@link #start(int)} rethrows.
     */
    public App onStart(Consumer<Server> listener) {
        startListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds a listener called after the server stopped, on the stopping thread. */
    public App onStop(Consumer<Server> listener) {
        stopListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Compiles the routes and starts listening on the configured host and the given port (0
     * for any free port). Returns once the server accepts connections.
     *
     * @throws IllegalStateException if two routes conflict
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public Server start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected 0..65535)");
        }
        long startedAt = System.nanoTime();
        Application application = new Application(config, routes, filters, exceptionHandlers,
                statusHandlers, json);
        return HttpServer.start(application, port, startedAt, List.copyOf(startListeners),
                List.copyOf(stopListeners));
    }

    static String join(String prefix, String path) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("group prefix: '" + prefix
                    + "' (expected to start with '/')");
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            // Joined as is, "/api" and "users" would silently become "/apiusers".
            throw new IllegalArgumentException("route path: '" + path + "' in group '" + prefix
                    + "' (expected '' for the prefix itself, or a path starting with '/')");
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (path.isEmpty()) {
            return trimmed.isEmpty() ? "/" : trimmed;
        }
        return trimmed + path;
    }
}
