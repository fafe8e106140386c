package dev.merino.internal.binding;

/** A handler that knows where it was declared, for start-time messages. */
public interface Described {

    /** Returns where the handler was declared, such as {@code UserController.find}. */
    String origin();
}
