package dev.merino.internal.binding;

import dev.merino.binding.BindingError;
import dev.merino.http.Request;
import dev.merino.internal.inject.Container;
import dev.merino.internal.inject.Scope;
import dev.merino.websocket.WebSocketUpgrade;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One invocation's binding state: the request, the errors found so far, and the request's
 * scope, made when a scoped service is first asked for. Owned by the request's thread.
 */
final class BindContext implements Supplier<Scope>, AutoCloseable {
    final Request request;
    final WebSocketUpgrade upgrade;
    private final Container container;
    private Scope scope;
    private List<BindingError> errors;
    private List<Runnable> cleanups;

    BindContext(Request request, WebSocketUpgrade upgrade, Container container) {
        this.request = request;
        this.upgrade = upgrade;
        this.container = container;
    }

    /** Records one binding error; binding goes on, so that all are reported together. */
    void fail(String in, String name, String detail) {
        if (errors == null) {
            errors = new ArrayList<>(4);
        }
        errors.add(new BindingError(in, name, detail));
    }

    /** Returns the errors so far, or {@code null} when there are none. */
    List<BindingError> errors() {
        return errors;
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
