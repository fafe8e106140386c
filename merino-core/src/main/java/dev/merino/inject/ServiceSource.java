package dev.merino.inject;

import java.util.function.Supplier;

/**
 * Supplies services from another container (Guice, Spring, Dagger...) to Merino's binding and
 * controllers. Asked at start, once per type and name the built-in container lacks; the
 * supplier it returns is called per use on the request's thread, so it must be thread-safe and
 * should be cheap.
 */
@FunctionalInterface
public interface ServiceSource {

    /**
     * Returns a supplier of the service of this type and {@link jakarta.inject.Named} name (null
     * for none), or {@code null} when this source does not know it.
     */
    Supplier<?> find(Class<?> type, String name);
}
