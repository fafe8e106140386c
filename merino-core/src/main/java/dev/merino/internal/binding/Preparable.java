package dev.merino.internal.binding;

import dev.merino.Handler;

/** A handler declared before start whose binding plan is built at start. */
public interface Preparable {

    /**
     * Builds the plan and returns the handler that serves the route of the given template.
     *
     * @throws IllegalStateException naming the method and parameter that cannot be bound
     */
    Handler prepare(Setup setup, String template);
}
