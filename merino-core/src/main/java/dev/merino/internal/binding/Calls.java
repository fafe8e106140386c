package dev.merino.internal.binding;

/**
 * A handler method taking its arguments one by one, one interface per arity. {@link Invoker#calls}
 * implements them for a public method with {@code LambdaMetafactory}, so that calling one is an
 * ordinary interface call into a class that calls the method directly; otherwise they wrap the
 * method's handle.
 */
final class Calls {
    private Calls() {
    }

    @FunctionalInterface
    interface Call0 {
        Object call() throws Throwable;
    }

    @FunctionalInterface
    interface Call1 {
        Object call(Object a0) throws Throwable;
    }

    @FunctionalInterface
    interface Call2 {
        Object call(Object a0, Object a1) throws Throwable;
    }

    @FunctionalInterface
    interface Call3 {
        Object call(Object a0, Object a1, Object a2) throws Throwable;
    }

    @FunctionalInterface
    interface Call4 {
        Object call(Object a0, Object a1, Object a2, Object a3) throws Throwable;
    }

    @FunctionalInterface
    interface Call5 {
        Object call(Object a0, Object a1, Object a2, Object a3, Object a4) throws Throwable;
    }

    @FunctionalInterface
    interface Call6 {
        Object call(Object a0, Object a1, Object a2, Object a3, Object a4, Object a5)
                throws Throwable;
    }

    /** The interfaces by arity. */
    static final Class<?>[] BY_ARITY = {Call0.class, Call1.class, Call2.class, Call3.class,
        Call4.class, Call5.class, Call6.class};

    /** Wraps a handle made by {@link Invoker#direct} of an arity up to six. */
    static Object wrap(java.lang.invoke.MethodHandle h) {
        return switch (h.type().parameterCount()) {
            case 0 -> (Call0) () -> (Object) h.invokeExact();
            case 1 -> (Call1) a0 -> (Object) h.invokeExact(a0);
            case 2 -> (Call2) (a0, a1) -> (Object) h.invokeExact(a0, a1);
            case 3 -> (Call3) (a0, a1, a2) -> (Object) h.invokeExact(a0, a1, a2);
            case 4 -> (Call4) (a0, a1, a2, a3) -> (Object) h.invokeExact(a0, a1, a2, a3);
            case 5 -> (Call5) (a0, a1, a2, a3, a4) -> (Object) h.invokeExact(a0, a1, a2, a3, a4);
            case 6 -> (Call6) (a0, a1, a2, a3, a4, a5) ->
                    (Object) h.invokeExact(a0, a1, a2, a3, a4, a5);
            default -> throw new IllegalArgumentException("arity " + h.type().parameterCount());
        };
    }
}
