package dev.merino.internal.binding;

import dev.merino.Handler;
import dev.merino.binding.Param;
import dev.merino.http.Request;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import dev.merino.websocket.WebSocketHandler;
import dev.merino.websocket.WebSocketUpgrade;
import java.util.List;

/**
 * A functional handler with declared parameters, before start; at start it becomes a
 * {@link BoundHandler} that calls the function through a method handle of its interface.
 */
public final class FunctionalRoute implements Handler, Preparable, Described {
    private final List<Param<?>> params;
    private final Object function;
    private final Class<?> functionType;

    /** Creates the route's handler for a function implementing {@code functionType}. */
    public FunctionalRoute(List<Param<?>> params, Object function, Class<?> functionType) {
        this.params = List.copyOf(params);
        this.function = java.util.Objects.requireNonNull(function, "function");
        this.functionType = functionType;
    }

    @Override
    public Object handle(Request request) {
        throw new IllegalStateException("A bound handler is served once the app has started");
    }

    @Override
    public Handler prepare(Setup setup, String template) {
        String origin = "handler of " + template;
        BindingPlan plan = new PlanBuilder(setup, origin, template, false).build(params);
        return new BoundHandler(plan, target(), null, setup.container, origin);
    }

    private MethodHandle target() {
        return target(function, functionType, params.size());
    }

    private static MethodHandle target(Object function, Class<?> functionType, int count) {
        Method apply = functionType.getMethods()[0];
        try {
            return MethodHandles.publicLookup().unreflect(apply).bindTo(function)
                    .asType(MethodType.genericMethodType(count));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A functional WebSocket handler with declared parameters, before start; the upgrade is
     * its first argument, the bound parameters follow.
     */
    public static final class WebSocket implements WebSocketHandler, PreparableWebSocket {
        private final List<Param<?>> params;
        private final Object function;
        private final Class<?> functionType;

        /** Creates the handler for a function implementing {@code functionType}. */
        public WebSocket(List<Param<?>> params, Object function, Class<?> functionType) {
            this.params = List.copyOf(params);
            this.function = java.util.Objects.requireNonNull(function, "function");
            this.functionType = functionType;
        }

        @Override
        public void handle(WebSocketUpgrade upgrade) {
            throw new IllegalStateException("A bound handler is served once the app has started");
        }

        @Override
        public WebSocketHandler prepare(Setup setup, String template) {
            String origin = "WebSocket handler of " + template;
            List<Param<?>> all = new java.util.ArrayList<>(params.size() + 1);
            all.add(null);
            all.addAll(params);
            BindingPlan plan = new PlanBuilder(setup, origin, template, true).build(all);
            return new BoundWebSocketHandler(plan,
                    Invoker.spread(target(function, functionType, all.size())),
                    setup.container, origin);
        }
    }

    @Override
    public String origin() {
        return "bound handler";
    }
}
