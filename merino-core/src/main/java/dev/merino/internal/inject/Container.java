package dev.merino.internal.inject;

import dev.merino.inject.Factory;
import dev.merino.inject.Lifetime;
import dev.merino.inject.Resolver;
import dev.merino.inject.ServiceSource;
import dev.merino.inject.Services;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in dependency injection container, built at start from {@link Services}.
 *
 * <p>Building it checks every registration's constructor: a dependency that nothing provides,
 * a cycle, or a singleton that needs a scoped service throws with the chain of dependencies.
 * Singletons are built then, in dependency order. Afterwards the container is immutable and
 * read by every thread; scoped instances live in a {@link Scope} per request.
 */
public final class Container implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.merino.inject");
    private static final Supplier<Scope> NO_SCOPE = () -> {
        throw new IllegalStateException("A scoped service was asked for outside a request");
    };

    private final Map<Key, Services.Registration> registrations = new LinkedHashMap<>();
    private final List<ServiceSource> sources;
    private final Map<Key, Provider> providers = new HashMap<>();
    private final Set<Key> building = new LinkedHashSet<>();
    private final List<AutoCloseable> singletons = new ArrayList<>();
    private int scopeSize;

    private Container(Services services) {
        for (Services.Registration registration : services.registrations()) {
            registrations.put(new Key(registration.type(), registration.name()), registration);
        }
        this.sources = services.sources();
    }

    /**
     * Checks the registrations and builds the singletons.
     *
     * @throws IllegalStateException naming the chain of dependencies, if one is missing, a
     *     cycle, or a singleton that needs a scoped service; or if a singleton fails to build
     */
    public static Container build(Services services) {
        Container container = new Container(services);
        for (Key key : container.registrations.keySet()) {
            container.provider(key, List.of());
        }
        return container;
    }

    /**
     * Returns the provider of a service for a user such as a handler parameter.
     *
     * @param usedBy the user, for the message, e.g. {@code UserController.find parameter 'repo'}
     * @throws IllegalStateException if nothing provides it, naming the chain
     */
    public Provider provider(Key key, String usedBy) {
        return provider(key, List.of(usedBy));
    }

    /** Returns whether a registration or a source provides the key. */
    public boolean provides(Key key) {
        return providers.containsKey(key) || registrations.containsKey(key)
                || fromSources(key) != null;
    }

    /**
     * Builds an instance of a class that is not itself a service, such as a controller, from
     * its constructor. Its dependencies must not be scoped.
     */
    public Object construct(Class<?> type) {
        Key key = new Key(type, null);
        if (registrations.containsKey(key)) {
            Provider provider = provider(key, List.of());
            if (provider.needsScope()) {
                throw new IllegalStateException(type.getSimpleName() + " is registered as a "
                        + "scoped service; a controller is one instance for every request");
            }
            return provider.get(NO_SCOPE);
        }
        Creator creator = constructorCreator(type, List.of(), true);
        Object instance = creator.create(NO_SCOPE);
        if (instance instanceof AutoCloseable closeable) {
            singletons.add(closeable);
        }
        return instance;
    }

    /** Returns a new, empty scope for one request. */
    public Scope newScope() {
        return new Scope(scopeSize);
    }

    /** Closes the singletons the container built, the last built first. */
    @Override
    public void close() {
        for (int i = singletons.size() - 1; i >= 0; i--) {
            try {
                singletons.get(i).close();
            } catch (Exception e) {
                log.warn("Closing the singleton {} failed; make its close() not throw",
                        singletons.get(i).getClass().getName(), e);
            }
        }
        singletons.clear();
    }

    private Provider provider(Key key, List<String> chain) {
        Provider existing = providers.get(key);
        if (existing != null) {
            return existing;
        }
        Services.Registration registration = registrations.get(key);
        if (registration == null) {
            Supplier<?> supplier = fromSources(key);
            if (supplier == null) {
                throw new IllegalStateException("No service is registered for " + key
                        + (chain.isEmpty() ? "" : ", needed by " + String.join(" -> ", chain))
                        + "; register it with app.services()");
            }
            Provider provider = new SourceProvider(supplier);
            providers.put(key, provider);
            return provider;
        }
        if (!building.add(key)) {
            List<String> cycle = new ArrayList<>(chain);
            cycle.add(describe(registration));
            throw new IllegalStateException("Dependency cycle: " + String.join(" -> ", cycle));
        }
        try {
            Provider provider = create(registration, chain);
            providers.put(key, provider);
            return provider;
        } finally {
            building.remove(key);
        }
    }

    private Provider create(Services.Registration registration, List<String> chain) {
        if (registration.instance() != null) {
            return new InstanceProvider(registration.instance());
        }
        List<String> inner = new ArrayList<>(chain);
        inner.add(describe(registration));
        Creator creator = registration.factory() != null
                ? new FactoryCreator(registration.factory(), this)
                : constructorCreator(registration.implementation(), inner,
                        registration.lifetime() == Lifetime.SINGLETON);
        return switch (registration.lifetime()) {
            case SINGLETON -> {
                Object instance = buildSingleton(creator, registration);
                yield new InstanceProvider(instance);
            }
            case SCOPED -> new ScopedProvider(scopeSize++, creator);
            case TRANSIENT -> new TransientProvider(creator);
        };
    }

    private Object buildSingleton(Creator creator, Services.Registration registration) {
        Object instance;
        try {
            instance = creator.create(NO_SCOPE);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Building the singleton "
                    + registration.type().getSimpleName() + " failed: " + e.getMessage(), e);
        }
        if (instance instanceof AutoCloseable closeable) {
            singletons.add(closeable);
        }
        return instance;
    }

    private Creator constructorCreator(Class<?> type, List<String> chain, boolean noScope) {
        Constructor<?> constructor = constructorOf(type);
        Parameter[] parameters = constructor.getParameters();
        Provider[] dependencies = new Provider[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Named named = parameters[i].getAnnotation(Named.class);
            Key key = new Key(parameters[i].getType(), named == null ? null : named.value());
            List<String> path = chain.isEmpty()
                    ? List.of(signature(constructor)) : chain;
            dependencies[i] = provider(key, path);
            if (noScope && dependencies[i].needsScope()) {
                throw new IllegalStateException(type.getSimpleName()
                        + " lives longer than a request but needs the scoped service " + key
                        + " (" + String.join(" -> ", path) + " -> " + key
                        + "); make it scoped, or take " + key + " as a handler parameter");
            }
        }
        return new ConstructorCreator(handle(constructor), dependencies);
    }

    private static Constructor<?> constructorOf(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalStateException(type.getSimpleName() + " is abstract and cannot be "
                    + "built; register an implementation or a factory for it");
        }
        Constructor<?>[] declared = type.getDeclaredConstructors();
        List<Constructor<?>> annotated = Arrays.stream(declared)
                .filter(c -> c.isAnnotationPresent(Inject.class)).toList();
        if (annotated.size() == 1) {
            return annotated.get(0);
        }
        if (annotated.size() > 1) {
            throw new IllegalStateException(type.getSimpleName()
                    + " has several constructors annotated @Inject (expected one)");
        }
        List<Constructor<?>> candidates = Arrays.stream(type.getConstructors()).toList();
        if (candidates.isEmpty() && declared.length == 1) {
            candidates = List.of(declared[0]);
        }
        if (candidates.size() != 1) {
            throw new IllegalStateException(type.getSimpleName() + " has " + candidates.size()
                    + " public constructors; mark the one to use with @Inject");
        }
        return candidates.get(0);
    }

    private static MethodHandle handle(Constructor<?> constructor) {
        try {
            constructor.setAccessible(true);
            int count = constructor.getParameterCount();
            return MethodHandles.lookup().unreflectConstructor(constructor)
                    .asSpreader(Object[].class, count)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("The constructor " + signature(constructor)
                    + " is not accessible to Merino: " + e.getMessage(), e);
        }
    }

    private Supplier<?> fromSources(Key key) {
        for (ServiceSource source : sources) {
            Supplier<?> supplier = source.find(key.type(), key.name());
            if (supplier != null) {
                return supplier;
            }
        }
        return null;
    }

    /** Looks a service up while a factory runs. */
    Object lookup(Key key, Supplier<Scope> scope) {
        Provider provider = providers.get(key);
        if (provider == null) {
            throw new IllegalStateException("No service is registered for " + key
                    + " (asked for by a factory); register it with app.services()");
        }
        return provider.get(scope);
    }

    private static String describe(Services.Registration registration) {
        Class<?> type = registration.implementation();
        if (type != null) {
            return signature(constructorOf(type));
        }
        return registration.type().getSimpleName();
    }

    static String signature(Constructor<?> constructor) {
        return constructor.getDeclaringClass().getSimpleName() + "("
                + Arrays.stream(constructor.getParameters())
                        .map(p -> p.getType().getSimpleName() + " " + p.getName())
                        .collect(Collectors.joining(", ")) + ")";
    }

    /** Builds one instance. */
    private interface Creator {
        Object create(Supplier<Scope> scope);

        boolean needsScope();
    }

    private record ConstructorCreator(MethodHandle constructor, Provider[] dependencies)
            implements Creator {
        @Override
        public Object create(Supplier<Scope> scope) {
            Object[] arguments = new Object[dependencies.length];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = dependencies[i].get(scope);
            }
            try {
                return (Object) constructor.invokeExact(arguments);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Building a service failed: " + e, e);
            }
        }

        @Override
        public boolean needsScope() {
            for (Provider dependency : dependencies) {
                if (dependency.needsScope()) {
                    return true;
                }
            }
            return false;
        }
    }

    private record FactoryCreator(Factory<?> factory, Container container) implements Creator {
        @Override
        public Object create(Supplier<Scope> scope) {
            try {
                Object instance = factory.create(new Resolver() {
                    @Override
                    public <T> T get(Class<T> type) {
                        return get(type, null);
                    }

                    @Override
                    public <T> T get(Class<T> type, String name) {
                        return type.cast(container.lookup(new Key(type, name), scope));
                    }
                });
                if (instance == null) {
                    throw new IllegalStateException("A service factory returned null");
                }
                return instance;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("A service factory failed: " + e, e);
            }
        }

        @Override
        public boolean needsScope() {
            // What a factory looks up is unknown until it runs.
            return false;
        }
    }

    private record InstanceProvider(Object instance) implements Provider {
        @Override
        public Object get(Supplier<Scope> scope) {
            return instance;
        }

        @Override
        public boolean needsScope() {
            return false;
        }
    }

    private record ScopedProvider(int slot, Creator creator) implements Provider {
        @Override
        public Object get(Supplier<Scope> scopes) {
            Scope scope = scopes.get();
            Object instance = scope.get(slot);
            if (instance == null) {
                instance = creator.create(scopes);
                scope.put(slot, instance);
            }
            return instance;
        }

        @Override
        public boolean needsScope() {
            return true;
        }
    }

    private record TransientProvider(Creator creator) implements Provider {
        @Override
        public Object get(Supplier<Scope> scope) {
            return creator.create(scope);
        }

        @Override
        public boolean needsScope() {
            return creator.needsScope();
        }
    }

    private record SourceProvider(Supplier<?> supplier) implements Provider {
        @Override
        public Object get(Supplier<Scope> scope) {
            return supplier.get();
        }

        @Override
        public boolean needsScope() {
            return false;
        }
    }
}
