package dev.merino.internal.binding;

import dev.merino.binding.BindingError;
import dev.merino.binding.BindingException;
import dev.merino.http.Status;
import java.util.List;

/**
 * How one handler's arguments are made from a request, built once at start: a binder per
 * parameter, then an optional validation of the bound arguments.
 */
final class BindingPlan {
    private static final Status UNPROCESSABLE = Status.of(422);

    private final ParameterBinder[] binders;
    private final ArgumentCheck check;

    /** The validation of bound arguments; returns the violations, empty when valid. */
    @FunctionalInterface
    interface ArgumentCheck {
        List<BindingError> check(Object[] arguments);
    }

    BindingPlan(ParameterBinder[] binders, ArgumentCheck check) {
        this.binders = binders;
        this.check = check;
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
     * Ends binding without a validation: throws when a binder recorded an error.
     *
     * @throws BindingException with every binding error (400)
     */
    static void requireNoErrors(BindContext context) {
        if (context.errors() != null) {
            throw new BindingException(context.errors());
        }
    }

    /**
     * Returns the arguments for a request.
     *
     * @throws BindingException with every binding error (400), or every violation (422)
     */
    Object[] bind(BindContext context) throws Exception {
        Object[] arguments = new Object[binders.length];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = binders[i].bind(context);
        }
        if (context.errors() != null) {
            throw new BindingException(context.errors());
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
