package dev.merino.internal.binding;

import dev.merino.binding.BindingError;
import java.util.ArrayList;
import java.util.List;

/**
 * What a binder returns in place of an argument the request does not provide. Returning it,
 * rather than recording it in a shared collector, lets a request whose values all bind go
 * without any collector at all, while binding still goes on past a failure so that every error
 * of the request is reported together, in parameter order.
 */
final class BindingFailure {
    private final List<BindingError> errors;

    private BindingFailure(List<BindingError> errors) {
        this.errors = errors;
    }

    /** Returns a failure of one value. */
    static BindingFailure of(String in, String name, String detail) {
        return new BindingFailure(List.of(new BindingError(in, name, detail)));
    }

    /** Returns a failure of several values, such as the fields of a form; none is empty. */
    static BindingFailure of(List<BindingError> errors) {
        return new BindingFailure(List.copyOf(errors));
    }

    /** Returns the errors. */
    List<BindingError> errors() {
        return errors;
    }

    /**
     * Returns the errors of every failure among the arguments, in their order; called once
     * some argument is known to be a failure.
     */
    static List<BindingError> collect(Object... arguments) {
        List<BindingError> errors = new ArrayList<>(4);
        for (Object argument : arguments) {
            if (argument instanceof BindingFailure failure) {
                errors.addAll(failure.errors);
            }
        }
        return errors;
    }
}
