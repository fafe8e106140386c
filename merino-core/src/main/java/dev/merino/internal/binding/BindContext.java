package dev.merino.internal.binding;

import dev.merino.internal.inject.Container;
import dev.merino.internal.inject.Scope;
import dev.merino.websocket.WebSocketUpgrade;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One invocation's state for the binders that need more than the request: the WebSocket
 * upgrade, the request's scope (made when a scoped service is first asked for), and what to
 * clean up when the invocation ends. Made only for plans with such a binder. Owned by the
 * request's thread.
 */
final class BindContext implements Supplier<Scope>, AutoCloseable {
    final WebSocketUpgrade upgrade;
    private final Container container;
    private Scope scope;
    private List<Runnable> cleanups;

    BindContext(WebSocketUpgrade upgrade, Container container) {
        this.upgrade = upgrade;
        this.container = container;
    }

    @Override
    public Scope get() {
        if (scope == null) {
            scope = container.newScope();
        }
        return scope;
    }

    /** Adds a step to run when the invocation ends, such as deleting uploaded files. */
    void onClose(Runnable cleanup) {
        if (cleanups == null) {
            cleanups = new ArrayList<>(1);
        }
        cleanups.add(cleanup);
    }

    /** Closes the scoped services made for this invocation and runs the cleanups. */
    @Override
    public void close() {
        try {
            if (scope != null) {
                scope.close();
            }
        } finally {
            if (cleanups != null) {
                cleanups.forEach(Runnable::run);
            }
        }
    }
}
