package dev.merino.internal.binding;

import dev.merino.Handler;
import dev.merino.http.Request;
import dev.merino.internal.inject.Container;
import java.lang.invoke.MethodHandle;

/**
 * Serves a route by binding its method's arguments with the plan made at start and calling the
 * method through a method handle; scoped services made for the call are closed when it returns.
 *
 * <p>A method of up to six parameters whose arguments are not validated is called with the
 * arguments one by one, through the {@link Calls} interface of its arity, which spares the
 * argument array and the spreading of it on every request; any other goes through the spread
 * handle.
 *
 * <p>Binders report a missing or malformed value by returning a {@link BindingFailure} in place
 * of the argument; the call checks the arguments for one before it goes ahead. A plan of
 * values from the request alone makes no {@link BindContext}, so that binding allocates
 * nothing of its own unless it fails.
 */
final class BoundHandler implements Handler, Described {
    /** The largest arity called without an argument array. */
    private static final int DIRECT_MAX = 6;

    private final BindingPlan plan;
    private final ParameterBinder[] binders;
    /** The arity when called directly, or -1 to go through {@link #spread}. */
    private final int direct;
    /** The {@link Calls} implementation of the arity, when called directly. */
    private final Object calls;
    private final MethodHandle spread;
    private final Container container;
    private final String origin;

    /**
     * Creates the handler.
     *
     * @param target the method, taking each argument as an {@code Object} and returning an
     *     {@code Object}, as {@link Invoker#direct} makes it
     * @param calls what {@link Invoker#calls} made for the method, or null to wrap the target
     */
    BoundHandler(BindingPlan plan, MethodHandle target, Object calls, Container container,
            String origin) {
        this.plan = plan;
        this.binders = plan.binders();
        int arity = target.type().parameterCount();
        if (arity != binders.length) {
            throw new IllegalArgumentException(origin + ": " + binders.length
                    + " binders for a method of " + arity + " parameters");
        }
        this.direct = arity <= DIRECT_MAX && !plan.checksArguments() ? arity : -1;
        this.calls = direct < 0 ? null : calls != null ? calls : Calls.wrap(target);
        this.spread = Invoker.spread(target);
        this.container = container;
        this.origin = origin;
    }

    @Override
    public Object handle(Request request) throws Exception {
        // One method per arity keeps each small enough for the JIT to inline into this one.
        return switch (direct) {
            case 0 -> call0(request);
            case 1 -> call1(request);
            case 2 -> call2(request);
            case 3 -> call3(request);
            case 4 -> call4(request);
            case 5 -> call5(request);
            case 6 -> call6(request);
            default -> callSpread(request);
        };
    }

    private Object callSpread(Request request) throws Exception {
        try (BindContext c = plan.newContext(null, container)) {
            return Invoker.invoke(spread, plan.bind(request, c));
        }
    }

    private Object call0(Request request) throws Exception {
        // No binder, so no context: nothing to close either.
        try {
            return ((Calls.Call0) calls).call();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call1(Request request) throws Exception {
        try (BindContext c = plan.newContext(null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(request, c);
            if (a0 instanceof BindingFailure) {
                throw BindingPlan.failed(a0);
            }
            return ((Calls.Call1) calls).call(a0);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call2(Request request) throws Exception {
        try (BindContext c = plan.newContext(null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(request, c);
            Object a1 = b[1].bind(request, c);
            if (a0 instanceof BindingFailure || a1 instanceof BindingFailure) {
                throw BindingPlan.failed(a0, a1);
            }
            return ((Calls.Call2) calls).call(a0, a1);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call3(Request request) throws Exception {
        try (BindContext c = plan.newContext(null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(request, c);
            Object a1 = b[1].bind(request, c);
            Object a2 = b[2].bind(request, c);
            if (a0 instanceof BindingFailure || a1 instanceof BindingFailure
                    || a2 instanceof BindingFailure) {
                throw BindingPlan.failed(a0, a1, a2);
            }
            return ((Calls.Call3) calls).call(a0, a1, a2);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call4(Request request) throws Exception {
        try (BindContext c = plan.newContext(null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(request, c);
            Object a1 = b[1].bind(request, c);
            Object a2 = b[2].bind(request, c);
            Object a3 = b[3].bind(request, c);
            if (a0 instanceof BindingFailure || a1 instanceof BindingFailure
                    || a2 instanceof BindingFailure || a3 instanceof BindingFailure) {
                throw BindingPlan.failed(a0, a1, a2, a3);
            }
            return ((Calls.Call4) calls).call(a0, a1, a2, a3);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call5(Request request) throws Exception {
        try (BindContext c = plan.newContext(null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(request, c);
            Object a1 = b[1].bind(request, c);
            Object a2 = b[2].bind(request, c);
            Object a3 = b[3].bind(request, c);
            Object a4 = b[4].bind(request, c);
            if (a0 instanceof BindingFailure || a1 instanceof BindingFailure
                    || a2 instanceof BindingFailure || a3 instanceof BindingFailure
                    || a4 instanceof BindingFailure) {
                throw BindingPlan.failed(a0, a1, a2, a3, a4);
            }
            return ((Calls.Call5) calls).call(a0, a1, a2, a3, a4);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call6(Request request) throws Exception {
        try (BindContext c = plan.newContext(null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(request, c);
            Object a1 = b[1].bind(request, c);
            Object a2 = b[2].bind(request, c);
            Object a3 = b[3].bind(request, c);
            Object a4 = b[4].bind(request, c);
            Object a5 = b[5].bind(request, c);
            if (a0 instanceof BindingFailure || a1 instanceof BindingFailure
                    || a2 instanceof BindingFailure || a3 instanceof BindingFailure
                    || a4 instanceof BindingFailure || a5 instanceof BindingFailure) {
                throw BindingPlan.failed(a0, a1, a2, a3, a4, a5);
            }
            return ((Calls.Call6) calls).call(a0, a1, a2, a3, a4, a5);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return origin;
    }
}
