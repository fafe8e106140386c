package dev.merino.internal.binding;

import dev.merino.http.Request;

/**
 * Produces one handler argument from a request. Built at start; shared by every thread.
 */
interface ParameterBinder {

    /**
     * Returns the argument, or a {@link BindingFailure} when the request does not provide it;
     * binding goes on after a failure, so that all of them are reported together. Throws only
     * for what ends the request at once, such as 415.
     *
     * @param context the invocation's context; null unless some binder of the plan
     *     {@link #usesContext() uses it}
     */
    Object bind(Request request, BindContext context) throws Exception;

    /**
     * Whether {@link #bind} needs the invocation's context (services, the WebSocket upgrade,
     * uploaded files to delete). A plan none of whose binders does makes no context per request.
     */
    default boolean usesContext() {
        return false;
    }

    /** A binder that needs the context. */
    @FunctionalInterface
    interface Contextual extends ParameterBinder {
        @Override
        default boolean usesContext() {
            return true;
        }
    }
}
