package dev.merino.inject;

/**
 * Looks services up for a {@link Factory}: singletons, and scoped services of the request the
 * factory builds for. Called on the thread that needs the service.
 */
public interface Resolver {

    /**
     * Returns the service registered for the type without a name.
     *
     * @throws IllegalStateException if there is none
     */
    <T> T get(Class<T> type);

    /**
     * Returns the service registered for the type with the given {@link jakarta.inject.Named}
     * name.
     *
     * @throws IllegalStateException if there is none
     */
    <T> T get(Class<T> type, String name);
}
