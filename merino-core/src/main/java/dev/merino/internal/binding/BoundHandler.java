package dev.merino.internal.binding;

import dev.merino.Handler;
import dev.merino.http.Request;
import dev.merino.internal.inject.Container;
import java.lang.invoke.MethodHandle;

/**
 * Serves a route by binding its method's arguments with the plan made at start and calling the
 * method through a method handle; scoped services made for the call are closed when it returns.
 */
final class BoundHandler implements Handler, Described {
    private final BindingPlan plan;
    private final MethodHandle target;
    private final Container container;
    private final String origin;

    BoundHandler(BindingPlan plan, MethodHandle target, Container container, String origin) {
        this.plan = plan;
        this.target = target;
        this.container = container;
        this.origin = origin;
    }

    @Override
    public Object handle(Request request) throws Exception {
        try (BindContext context = new BindContext(request, null, container)) {
            return Invoker.invoke(target, plan.bind(context));
        }
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return origin;
    }
}
