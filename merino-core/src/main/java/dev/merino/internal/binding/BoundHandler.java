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
        try (BindContext c = new BindContext(request, null, container)) {
            return Invoker.invoke(spread, plan.bind(c));
        }
    }

    private Object call0(Request request) throws Exception {
        try (BindContext c = new BindContext(request, null, container)) {
            BindingPlan.requireNoErrors(c);
            return ((Calls.Call0) calls).call();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call1(Request request) throws Exception {
        try (BindContext c = new BindContext(request, null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(c);
            BindingPlan.requireNoErrors(c);
            return ((Calls.Call1) calls).call(a0);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call2(Request request) throws Exception {
        try (BindContext c = new BindContext(request, null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(c);
            Object a1 = b[1].bind(c);
            BindingPlan.requireNoErrors(c);
            return ((Calls.Call2) calls).call(a0, a1);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call3(Request request) throws Exception {
        try (BindContext c = new BindContext(request, null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(c);
            Object a1 = b[1].bind(c);
            Object a2 = b[2].bind(c);
            BindingPlan.requireNoErrors(c);
            return ((Calls.Call3) calls).call(a0, a1, a2);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call4(Request request) throws Exception {
        try (BindContext c = new BindContext(request, null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(c);
            Object a1 = b[1].bind(c);
            Object a2 = b[2].bind(c);
            Object a3 = b[3].bind(c);
            BindingPlan.requireNoErrors(c);
            return ((Calls.Call4) calls).call(a0, a1, a2, a3);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call5(Request request) throws Exception {
        try (BindContext c = new BindContext(request, null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(c);
            Object a1 = b[1].bind(c);
            Object a2 = b[2].bind(c);
            Object a3 = b[3].bind(c);
            Object a4 = b[4].bind(c);
            BindingPlan.requireNoErrors(c);
            return ((Calls.Call5) calls).call(a0, a1, a2, a3, a4);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object call6(Request request) throws Exception {
        try (BindContext c = new BindContext(request, null, container)) {
            ParameterBinder[] b = binders;
            Object a0 = b[0].bind(c);
            Object a1 = b[1].bind(c);
            Object a2 = b[2].bind(c);
            Object a3 = b[3].bind(c);
            Object a4 = b[4].bind(c);
            Object a5 = b[5].bind(c);
            BindingPlan.requireNoErrors(c);
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
