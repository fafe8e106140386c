package dev.merino.internal.binding;

import dev.merino.binding.BindingError;
import dev.merino.binding.BindingException;
import dev.merino.http.Request;
import dev.merino.http.Status;
import dev.merino.internal.inject.Container;
import dev.merino.websocket.WebSocketUpgrade;
import java.util.List;

/**
 * How one handler's arguments are made from a request, built once at start: a binder per
 * parameter, then an optional validation of the bound arguments.
 */
final class BindingPlan {
    private static final Status UNPROCESSABLE = Status.of(422);

    private final ParameterBinder[] binders;
    private final ArgumentCheck check;
    private final boolean usesContext;

    /** The validation of bound arguments; returns the violations, empty when valid. */
    @FunctionalInterface
    interface ArgumentCheck {
        List<BindingError> check(Object[] arguments);
    }

    BindingPlan(ParameterBinder[] binders, ArgumentCheck check) {
        this.binders = binders;
        this.check = check;
        boolean uses = false;
        for (ParameterBinder binder : binders) {
            uses |= binder.usesContext();
        }
        this.usesContext = uses;
    }

    /** Returns the binders, one per argument; the caller must not change the array. */
    ParameterBinder[] binders() {
        return binders;
    }

    /** Whether the bound arguments are validated, which needs them in an array. */
    boolean checksArguments() {
        return check != null;
    }

    /**
     * Returns a context for one invocation, or null when no binder uses one, which is the case
     * of every plan that binds only values from the request.
     */
    BindContext newContext(WebSocketUpgrade upgrade, Container container) {
        return usesContext ? new BindContext(upgrade, container) : null;
    }

    /**
     * Returns the exception that ends an invocation some of whose arguments are failures.
     *
     * @return a {@link BindingException} with every binding error (400)
     */
    static BindingException failed(Object... arguments) {
        return new BindingException(BindingFailure.collect(arguments));
    }

    /**
     * Returns the arguments for a request.
     *
     * @param context what {@link #newContext} made for the invocation
     * @throws BindingException with every binding error (400), or every violation (422)
     */
    Object[] bind(Request request, BindContext context) throws Exception {
        Object[] arguments = new Object[binders.length];
        boolean failed = false;
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = binders[i].bind(request, context);
            failed |= arguments[i] instanceof BindingFailure;
        }
        if (failed) {
            throw failed(arguments);
        }
        if (check != null) {
            List<BindingError> violations = check.check(arguments);
            if (!violations.isEmpty()) {
                throw new BindingException(UNPROCESSABLE, violations);
            }
        }
        return arguments;
    }
}
