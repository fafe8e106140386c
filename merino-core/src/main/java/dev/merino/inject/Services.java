package dev.merino.inject;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The services of an application, declared before start: what a handler parameter or a
 * constructor of a type receives.
 *
 * <p>A service is built by its implementation's constructor (the one annotated
 * {@link jakarta.inject.Inject}, or its only public one), whose parameters are services again
 * (qualified with {@link jakarta.inject.Named} where a type is registered under a name), or by
 * a {@link Factory}, or is given as an instance. At start the container checks every
 * constructor: a dependency that nothing provides, a cycle, or a singleton that needs a scoped
 * service fails the start with the chain of dependencies that leads there. Singletons are built
 * at start, in dependency order, and closed at stop if they are {@link AutoCloseable}.
 *
 * <p>Not thread-safe: declare services on one thread before start.
 */
public final class Services {
    private final List<Registration> registrations = new ArrayList<>();
    private final List<ServiceSource> sources = new ArrayList<>();

    /**
     * A declared service.
     *
     * @param lifetime how long an instance lives
     * @param type the type it is looked up by
     * @param name its {@code @Named} qualifier, or {@code null}
     * @param implementation the class whose constructor builds it, or {@code null}
     * @param factory the factory that builds it, or {@code null}
     * @param instance the instance itself, or {@code null}
     */
    public record Registration(Lifetime lifetime, Class<?> type, String name,
            Class<?> implementation, Factory<?> factory, Object instance) {
    }

    /** Registers a type built by its own constructor, as a singleton. */
    public <T> Services singleton(Class<T> type) {
        return add(Lifetime.SINGLETON, type, null, type);
    }

    /** Registers a type built by an implementation's constructor, as a singleton. */
    public <T> Services singleton(Class<T> type, Class<? extends T> implementation) {
        return add(Lifetime.SINGLETON, type, null, implementation);
    }

    /** Registers a type built once by a factory at start. */
    public <T> Services singleton(Class<T> type, Factory<? extends T> factory) {
        return add(Lifetime.SINGLETON, type, null, factory);
    }

    /** Registers an instance that already exists; the container does not close it. */
    public <T> Services instance(Class<T> type, T instance) {
        return instance(type, null, instance);
    }

    /** Registers an instance under a {@link jakarta.inject.Named} name (null for none). */
    public <T> Services instance(Class<T> type, String name, T instance) {
        registrations.add(new Registration(Lifetime.SINGLETON, checked(type), name, null, null,
                Objects.requireNonNull(instance, "instance")));
        return this;
    }

    /** Registers a type built by its own constructor once per request or WebSocket session. */
    public <T> Services scoped(Class<T> type) {
        return add(Lifetime.SCOPED, type, null, type);
    }

    /** Registers a type built by an implementation's constructor once per request. */
    public <T> Services scoped(Class<T> type, Class<? extends T> implementation) {
        return add(Lifetime.SCOPED, type, null, implementation);
    }

    /** Registers a type built by a factory once per request. */
    public <T> Services scoped(Class<T> type, Factory<? extends T> factory) {
        return add(Lifetime.SCOPED, type, null, factory);
    }

    /** Registers a type built by its own constructor wherever it is needed. */
    public <T> Services transientService(Class<T> type) {
        return add(Lifetime.TRANSIENT, type, null, type);
    }

    /** Registers a type built by an implementation's constructor wherever it is needed. */
    public <T> Services transientService(Class<T> type, Class<? extends T> implementation) {
        return add(Lifetime.TRANSIENT, type, null, implementation);
    }

    /** Registers a type built by a factory wherever it is needed. */
    public <T> Services transientService(Class<T> type, Factory<? extends T> factory) {
        return add(Lifetime.TRANSIENT, type, null, factory);
    }

    /**
     * Registers a class as itself: a singleton if it is annotated
     * {@link jakarta.inject.Singleton}, otherwise transient, as {@code jakarta.inject} defines.
     */
    public <T> Services add(Class<T> type) {
        Lifetime lifetime = type.isAnnotationPresent(Singleton.class) ? Lifetime.SINGLETON
                : Lifetime.TRANSIENT;
        return add(lifetime, type, null, type);
    }

    /**
     * Registers a type built by an implementation's constructor, with a lifetime and a
     * {@link jakarta.inject.Named} name (null for none).
     */
    public <T> Services add(Lifetime lifetime, Class<T> type, String name,
            Class<? extends T> implementation) {
        checked(implementation);
        if (!type.isAssignableFrom(implementation)) {
            throw new IllegalArgumentException("implementation: " + implementation.getName()
                    + " (expected a subtype of " + type.getName() + ")");
        }
        registrations.add(new Registration(Objects.requireNonNull(lifetime, "lifetime"),
                checked(type), name, implementation, null, null));
        return this;
    }

    /** Registers a type built by a factory, with a lifetime and a name (null for none). */
    public <T> Services add(Lifetime lifetime, Class<T> type, String name,
            Factory<? extends T> factory) {
        registrations.add(new Registration(Objects.requireNonNull(lifetime, "lifetime"),
                checked(type), name, null, Objects.requireNonNull(factory, "factory"), null));
        return this;
    }

    /**
     * Adds a source of services from another container, asked for what no registration here
     * provides; sources are asked in the order added.
     */
    public Services source(ServiceSource source) {
        sources.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    /** Returns the registrations in the order declared; a later one for a key wins. */
    public List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    /** Returns the sources in the order added. */
    public List<ServiceSource> sources() {
        return List.copyOf(sources);
    }

    private static <T> Class<T> checked(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (type.isPrimitive() || type.isArray()) {
            throw new IllegalArgumentException("type: " + type.getName()
                    + " (expected a class or interface)");
        }
        return type;
    }
}
