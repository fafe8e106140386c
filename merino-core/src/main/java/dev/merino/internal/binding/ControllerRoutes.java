package dev.merino.internal.binding;

import dev.merino.Filter;
import dev.merino.Handler;
import dev.merino.RouteDefinition;
import dev.merino.RouteOptions;
import dev.merino.auth.Access;
import dev.merino.controller.Controller;
import dev.merino.controller.Delete;
import dev.merino.controller.Get;
import dev.merino.controller.Head;
import dev.merino.controller.Options;
import dev.merino.controller.Patch;
import dev.merino.controller.Post;
import dev.merino.controller.Put;
import dev.merino.controller.WebSocketRoute;
import dev.merino.http.Method;
import dev.merino.http.Request;
import dev.merino.internal.websocket.WebSocketEndpoint;
import dev.merino.websocket.WebSocketOptions;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Reads a controller class's route annotations when it is registered, and builds each route's
 * binding plan and invoker at start.
 */
public final class ControllerRoutes {
    private ControllerRoutes() {
    }

    /**
     * Returns the routes a controller declares, in a stable order, with handlers prepared at
     * start.
     *
     * @param join joins the controller's prefix and a method's path
     * @param filters the filters of the group it is declared in, outermost first
     * @throws IllegalArgumentException if the class is not a controller or declares no route
     */
    public static List<RouteDefinition> declare(Class<?> type, BinaryOperator<String> join,
            List<Filter> filters) {
        Controller controller = type.getAnnotation(Controller.class);
        if (controller == null) {
            throw new IllegalArgumentException("controller: " + type.getName()
                    + " (expected a class annotated @Controller)");
        }
        List<RouteDefinition> routes = new ArrayList<>();
        java.lang.reflect.Method[] methods = type.getDeclaredMethods();
        Arrays.sort(methods, Comparator.comparing(java.lang.reflect.Method::getName)
                .thenComparing(java.lang.reflect.Method::toGenericString));
        for (java.lang.reflect.Method method : methods) {
            for (Annotation annotation : method.getAnnotations()) {
                RouteDefinition route = routeOf(type, method, annotation, controller.value(),
                        join, filters);
                if (route != null) {
                    routes.add(route);
                }
            }
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("controller: " + type.getName()
                    + " (expected at least one method annotated @Get, @Post, @WebSocketRoute...)");
        }
        return routes;
    }

    private static RouteDefinition routeOf(Class<?> type, java.lang.reflect.Method method,
            Annotation annotation, String prefix, BinaryOperator<String> join,
            List<Filter> filters) {
        Method httpMethod;
        String path;
        switch (annotation) {
            case Get get -> { httpMethod = Method.GET; path = get.value(); }
            case Post post -> { httpMethod = Method.POST; path = post.value(); }
            case Put put -> { httpMethod = Method.PUT; path = put.value(); }
            case Delete delete -> { httpMethod = Method.DELETE; path = delete.value(); }
            case Patch patch -> { httpMethod = Method.PATCH; path = patch.value(); }
            case Head head -> { httpMethod = Method.HEAD; path = head.value(); }
            case Options options -> { httpMethod = Method.OPTIONS; path = options.value(); }
            case WebSocketRoute ws -> { httpMethod = null; path = ws.value(); }
            default -> {
                return null;
            }
        }
        String template = join.apply(prefix, path);
        ControllerMethod handler = new ControllerMethod(type, method, template,
                httpMethod == null);
        // @Authorize and @AllowAnonymous on the method or its class become the route's rule.
        RouteOptions options = Access.of(method).map(RouteOptions.defaults()::withAccess)
                .orElse(RouteOptions.defaults());
        return new RouteDefinition(Set.of(httpMethod == null ? Method.GET : httpMethod),
                template, options, handler, filters);
    }

    /** A controller method's route before start. */
    private record ControllerMethod(Class<?> type, java.lang.reflect.Method method,
            String template, boolean webSocket) implements Handler, Preparable, Described {

        @Override
        public Object handle(Request request) {
            throw new IllegalStateException(origin() + " is served once the app has started");
        }

        @Override
        public Handler prepare(Setup setup, String routeTemplate) {
            Object instance = Modifier.isStatic(method.getModifiers()) ? null
                    : setup.controller(type);
            BindingPlan plan = new PlanBuilder(setup, origin(), template, webSocket)
                    .build(method, instance);
            MethodHandle target = Invoker.direct(method, instance);
            if (webSocket) {
                return new WebSocketEndpoint(WebSocketOptions.defaults(),
                        new BoundWebSocketHandler(plan, Invoker.spread(target), setup.container,
                                origin()));
            }
            return new BoundHandler(plan, target, Invoker.calls(method, instance),
                    setup.container, origin());
        }

        @Override
        public String origin() {
            return type.getSimpleName() + "." + method.getName();
        }
    }
}
