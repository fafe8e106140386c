package dev.merino.internal.binding;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Makes method handles at start that take the arguments as one {@code Object[]} and return an
 * {@code Object} (null for {@code void}), and calls them, rethrowing what the target throws.
 */
final class Invoker {
    private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);

    private Invoker() {
    }

    /** Returns a spread handle for a method, bound to the instance unless it is static. */
    static MethodHandle of(Method method, Object instance) {
        return spread(direct(method, instance));
    }

    /**
     * Returns a handle for a method, bound to the instance unless it is static, that takes each
     * argument as an {@code Object} and returns an {@code Object} (null for {@code void}), so
     * that a caller that knows the arity can call it without an argument array.
     */
    static MethodHandle direct(Method method, Object instance) {
        try {
            method.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().unreflect(method);
            if (!Modifier.isStatic(method.getModifiers())) {
                handle = handle.bindTo(instance);
            }
            return handle.asType(MethodType.genericMethodType(method.getParameterCount()));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("The method " + method
                    + " is not accessible to Merino: " + e.getMessage(), e);
        }
    }

    /** Returns the spread form of a handle made by {@link #direct}. */
    static MethodHandle spread(MethodHandle direct) {
        return direct.asSpreader(Object[].class, direct.type().parameterCount()).asType(SPREAD);
    }

    /** Returns a spread handle for a constructor. */
    static MethodHandle of(Constructor<?> constructor) {
        try {
            constructor.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(constructor)
                    .asSpreader(Object[].class, constructor.getParameterCount()).asType(SPREAD);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("The constructor " + constructor
                    + " is not accessible to Merino: " + e.getMessage(), e);
        }
    }

    /** Calls a spread handle; checked exceptions of the target pass through unchanged. */
    static Object invoke(MethodHandle handle, Object[] arguments) throws Exception {
        try {
            return (Object) handle.invokeExact(arguments);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
