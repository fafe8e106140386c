package dev.merino.internal.binding;

import java.lang.invoke.LambdaMetafactory;
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

    /**
     * Returns an implementation of the {@link Calls} interface of the method's arity, made by
     * {@code LambdaMetafactory} so that it calls the method directly, or null when that is not
     * possible (more than six parameters, a {@code void} method, a method or class Merino's
     * classes cannot call directly); the caller then wraps the {@link #direct} handle.
     */
    static Object calls(Method method, Object instance) {
        int arity = method.getParameterCount();
        Class<?> type = method.getDeclaringClass();
        if (arity >= Calls.BY_ARITY.length || method.getReturnType() == void.class
                || !Modifier.isPublic(method.getModifiers()) || !isPublic(type)) {
            return null;
        }
        Module merino = Invoker.class.getModule();
        if (!merino.canRead(type.getModule())
                || !type.getModule().isExported(type.getPackageName(), merino)) {
            return null;
        }
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle impl = lookup.unreflect(method);
            Class<?> face = Calls.BY_ARITY[arity];
            MethodType erased = MethodType.genericMethodType(arity);
            MethodType factory = isStatic ? MethodType.methodType(face)
                    : MethodType.methodType(face, type);
            MethodType dynamic = MethodType.methodType(method.getReturnType(),
                    method.getParameterTypes()).wrap();
            MethodHandle make = LambdaMetafactory.metafactory(lookup, "call", factory, erased,
                    impl, dynamic).getTarget();
            return isStatic ? make.invoke() : make.invoke(instance);
        } catch (Throwable e) {
            return null;
        }
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
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
