package dev.merino.binding;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Checks a handler's bound arguments against constraints, plugged in with
 * {@link dev.merino.App#validator(Validator)}. The {@code merino-validation} module provides
 * one on Jakarta Bean Validation. Violations end the request with 422 and list each one in
 * the problem body's {@code errors}.
 */
public interface Validator {

    /**
     * Prepares, at start, the check of one handler method's arguments.
     *
     * @param instance the controller instance, or {@code null} for a static method
     * @param method the handler method
     * @param parameters where each argument comes from, in parameter order
     * @return the check, or {@code null} when the method has nothing to check
     */
    Check prepare(Object instance, Method method, List<Parameter> parameters);

    /** The check of one method's arguments; called on the request's thread, concurrently. */
    @FunctionalInterface
    interface Check {

        /** Returns the violations of the arguments, empty when they are valid. */
        List<BindingError> check(Object[] arguments);
    }

    /**
     * Where one argument comes from.
     *
     * @param in {@code path}, {@code query}, {@code header}, {@code cookie} or {@code body}, or
     *     {@code null} for the request, a service or the WebSocket upgrade
     * @param name the name it is bound by ({@code body} for a body)
     */
    record Parameter(String in, String name) {
    }
}
