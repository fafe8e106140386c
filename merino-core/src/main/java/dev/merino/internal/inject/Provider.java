package dev.merino.internal.inject;

import java.util.function.Supplier;

/**
 * Gives instances of one service. Built at start, shared by every thread.
 */
public interface Provider {

    /**
     * Returns an instance; a scoped one from the scope the supplier gives, which is asked only
     * when one is needed.
     */
    Object get(Supplier<Scope> scope);

    /** Returns whether an instance depends on a request's scope. */
    boolean needsScope();
}
