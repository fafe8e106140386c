package dev.merino;

import dev.merino.binding.Converter;
import dev.merino.binding.UploadLimits;
import dev.merino.binding.Validator;
import dev.merino.http.HttpException;
import dev.merino.http.Method;
import dev.merino.inject.Services;
import dev.merino.internal.app.Application;
import dev.merino.internal.app.LazyMapper;
import dev.merino.internal.binding.ControllerRoutes;
import dev.merino.internal.binding.Converters;
import dev.merino.internal.binding.Preparable;
import dev.merino.internal.binding.PreparableWebSocket;
import dev.merino.internal.binding.Setup;
import dev.merino.internal.inject.Container;
import dev.merino.internal.server.HttpServer;
import dev.merino.internal.websocket.WebSocketEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;

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
 * method and path fail then, with a message naming both. Starting also builds the services and
 * each controller route's binding plan: a missing service, a dependency cycle or a parameter
 * that cannot be bound fails the start with a message naming the method and the parameter.
 * Declarations made after a start apply to the next start only.
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
    private final Services services = new Services();
    private final Map<Class<?>, Converter<?>> converters = new LinkedHashMap<>();
    private Validator validator;
    private UploadLimits uploads = UploadLimits.defaults();
    private ObjectMapper json;

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

    /**
     * Registers a controller: a class annotated {@link dev.merino.controller.Controller} whose
     * annotated methods become routes under its prefix, their parameters bound from the request
     * by declaration (see {@link dev.merino.binding}). The instance is built at start through
     * the services.
     *
     * @throws IllegalArgumentException if the class is not a controller, declares no route, or
     *     a route's template is malformed; binding problems are reported at start
     */
    public App controller(Class<?> type) {
        routes.addAll(ControllerRoutes.declare(Objects.requireNonNull(type, "type"), App::join,
                List.of()));
        return this;
    }

    /** Returns the services of the application, to register more before start. */
    public Services services() {
        return services;
    }

    /** Registers services: {@code app.services(s -> s.singleton(UserRepo.class))}. */
    public App services(Consumer<Services> declarations) {
        declarations.accept(services);
        return this;
    }

    /**
     * Registers how to convert text into a type, for path, query, header, cookie and form
     * values of that type; it takes precedence over the built-in conversions.
     */
    public <T> App converter(Class<T> type, Converter<? extends T> converter) {
        converters.put(Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(converter, "converter"));
        return this;
    }

    /**
     * Sets the validator of bound arguments, such as the one of the {@code merino-validation}
     * module; without one, nothing is validated beyond conversion.
     */
    public App validator(Validator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /** Sets the limits of {@code multipart/form-data} bodies bound to {@code @FromForm} records. */
    public App uploads(UploadLimits limits) {
        this.uploads = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Sets the Jackson mapper for JSON bodies and responses. Without one, the application uses
     * Jackson's defaults ({@code JsonMapper.builder().build()}), built when JSON is first needed
     * rather than at start: that first JSON request (or a controller with a JSON body parameter,
     * at start) waits for the build, a few hundred milliseconds on a cold JVM. Passing a mapper
     * here builds it up front instead.
     */
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
     * @throws IllegalStateException if two routes conflict, a service cannot be built, or a
     *     handler's parameter cannot be bound
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public Server start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected 0..65535)");
        }
        long startedAt = System.nanoTime();
        Container container = Container.build(services);
        try {
            LazyMapper mapper = json != null ? LazyMapper.of(json) : LazyMapper.defaults();
            Setup setup = new Setup(container, new Converters(converters), mapper, validator,
                    uploads);
            Application application = new Application(config, prepare(setup), filters,
                    exceptionHandlers, statusHandlers, mapper);
            List<Consumer<Server>> onStop = new ArrayList<>(stopListeners);
            onStop.add(server -> container.close());
            return HttpServer.start(application, port, startedAt, List.copyOf(startListeners),
                    List.copyOf(onStop));
        } catch (RuntimeException | Error e) {
            container.close();
            throw e;
        }
    }

    private List<RouteDefinition> prepare(Setup setup) {
        List<RouteDefinition> prepared = new ArrayList<>(routes.size());
        for (RouteDefinition route : routes) {
            if (route.handler() instanceof Preparable preparable) {
                route = new RouteDefinition(route.methods(), route.path(), route.options(),
                        preparable.prepare(setup, route.path()), route.filters());
            } else if (route.handler() instanceof WebSocketEndpoint endpoint
                    && endpoint.handler() instanceof PreparableWebSocket preparable) {
                route = new RouteDefinition(route.methods(), route.path(), route.options(),
                        new WebSocketEndpoint(endpoint.options(),
                                preparable.prepare(setup, route.path())), route.filters());
            }
            prepared.add(route);
        }
        return prepared;
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
