package dev.merino.internal.binding;

import dev.merino.internal.inject.Container;
import dev.merino.websocket.WebSocketHandler;
import dev.merino.websocket.WebSocketUpgrade;
import java.lang.invoke.MethodHandle;

/**
 * Serves a WebSocket route like {@link BoundHandler}: binding happens in the upgrade phase, so
 * its errors are answered with 400 before the handshake; the scope lasts the whole session.
 */
final class BoundWebSocketHandler implements WebSocketHandler, Described {
    private final BindingPlan plan;
    private final MethodHandle target;
    private final Container container;
    private final String origin;

    BoundWebSocketHandler(BindingPlan plan, MethodHandle target, Container container,
            String origin) {
        this.plan = plan;
        this.target = target;
        this.container = container;
        this.origin = origin;
    }

    @Override
    public void handle(WebSocketUpgrade upgrade) throws Exception {
        try (BindContext context = plan.newContext(upgrade, container)) {
            Invoker.invoke(target, plan.bind(upgrade.request(), context));
        }
    }

    @Override
    public String origin() {
        return origin;
    }
}
