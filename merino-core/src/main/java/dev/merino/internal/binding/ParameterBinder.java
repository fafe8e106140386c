package dev.merino.internal.binding;

/**
 * Produces one handler argument from a request. Built at start; shared by every thread.
 */
interface ParameterBinder {

    /**
     * Returns the argument, or records an error in the context (and returns anything) when the
     * request does not provide it. Throws only for what ends the request at once, such as 415.
     */
    Object bind(BindContext context) throws Exception;
}
