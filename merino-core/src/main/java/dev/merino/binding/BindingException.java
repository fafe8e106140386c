package dev.merino.binding;

import dev.merino.http.Headers;
import dev.merino.http.HttpException;
import dev.merino.http.Status;
import java.util.List;
import java.util.Map;

/**
 * Ends a request whose values do not fit the handler's parameters: every problem of the request
 * at once, in the problem body's {@code errors} array. Status 400 for values that are missing
 * or do not convert; 422 for values that convert but break validation constraints.
 *
 * <p>An exception handler registered for this type 
 * can shape the answer itself with {@link #errors()}. A handler registered for
 * {@code BadRequest} does not see it; one registered for status 400 or 422 does.
 */
public class BindingException extends HttpException {
    private final List<BindingError> errors;

    /** Creates a 400 for the given errors. */
    public BindingException(List<BindingError> errors) {
        this(Status.of(400), errors);
    }

    /** Creates an exception with the given status (400 or 422) for the given errors. */
    public BindingException(Status status, List<BindingError> errors) {
        super(status, describe(status, errors), Headers.empty(),
                Map.of("errors", errors.stream().map(BindingError::toMap).toList()), null);
        this.errors = List.copyOf(errors);
    }

    private static String describe(Status status, List<BindingError> errors) {
        String noun = errors.size() == 1 ? "value" : "values";
        return status.code() == 422
                ? "The request has " + errors.size() + " invalid " + noun + "."
                : "The request does not fit the handler's parameters: " + errors.size() + " "
                        + noun + " missing or malformed.";
    }

    /** Returns the errors in parameter order. */
    public List<BindingError> errors() {
        return errors;
    }
}
