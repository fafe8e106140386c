package dev.merino.binding;

import dev.merino.Handler;
import dev.merino.internal.binding.FunctionalRoute;
import dev.merino.websocket.WebSocketHandler;
import dev.merino.websocket.WebSocketUpgrade;
import java.util.List;

/**
 * Makes functional handlers whose parameters are bound like a controller method's: converted,
 * defaulted, and with every error of a request reported in one 400. The plan is built when the
 * application starts, so a missing converter or service fails the start.
 *
 * <pre>{@code
 * app.get("/users/{id:int}", Bind.of(Param.path("id", int.class),
 *         Param.service(UserRepo.class), (id, users) -> users.find(id)));
 * }</pre>
 *
 * <p>The functions run on the request's thread like any {@link Handler} and may block.
 */
public final class Bind {
    private Bind() {
    }

    /** A handler of one bound parameter. */
    @FunctionalInterface
    public interface Fn1<A> {
        /** Handles the request given its bound argument. */
        Object apply(A a) throws Exception;
    }

    /** A handler of two bound parameters. */
    @FunctionalInterface
    public interface Fn2<A, B> {
        /** Handles the request given its bound arguments. */
        Object apply(A a, B b) throws Exception;
    }

    /** A handler of three bound parameters. */
    @FunctionalInterface
    public interface Fn3<A, B, C> {
        /** Handles the request given its bound arguments. */
        Object apply(A a, B b, C c) throws Exception;
    }

    /** A handler of four bound parameters. */
    @FunctionalInterface
    public interface Fn4<A, B, C, D> {
        /** Handles the request given its bound arguments. */
        Object apply(A a, B b, C c, D d) throws Exception;
    }

    /** A handler of five bound parameters. */
    @FunctionalInterface
    public interface Fn5<A, B, C, D, E> {
        /** Handles the request given its bound arguments. */
        Object apply(A a, B b, C c, D d, E e) throws Exception;
    }

    /** A WebSocket handler of the upgrade and one bound parameter. */
    @FunctionalInterface
    public interface WsFn1<A> {
        /** Handles the upgrade (accept, or refuse) given the bound argument. */
        void handle(WebSocketUpgrade upgrade, A a) throws Exception;
    }

    /** A WebSocket handler of the upgrade and two bound parameters. */
    @FunctionalInterface
    public interface WsFn2<A, B> {
        /** Handles the upgrade (accept, or refuse) given the bound arguments. */
        void handle(WebSocketUpgrade upgrade, A a, B b) throws Exception;
    }

    /** A WebSocket handler of the upgrade and three bound parameters. */
    @FunctionalInterface
    public interface WsFn3<A, B, C> {
        /** Handles the upgrade (accept, or refuse) given the bound arguments. */
        void handle(WebSocketUpgrade upgrade, A a, B b, C c) throws Exception;
    }

    /**
     * Returns a WebSocket handler, for {@code app.ws(...)}, that binds one parameter in the
     * upgrade phase (binding errors are answered with 400 before the handshake) and calls the
     * function; scoped services last the whole session.
     */
    public static <A> WebSocketHandler ws(Param<A> a, WsFn1<A> fn) {
        return new FunctionalRoute.WebSocket(List.of(a), fn, WsFn1.class);
    }

    /** Returns a WebSocket handler that binds two parameters; see {@link #ws(Param, WsFn1)}. */
    public static <A, B> WebSocketHandler ws(Param<A> a, Param<B> b, WsFn2<A, B> fn) {
        return new FunctionalRoute.WebSocket(List.of(a, b), fn, WsFn2.class);
    }

    /** Returns a WebSocket handler that binds three parameters; see {@link #ws(Param, WsFn1)}. */
    public static <A, B, C> WebSocketHandler ws(Param<A> a, Param<B> b, Param<C> c,
            WsFn3<A, B, C> fn) {
        return new FunctionalRoute.WebSocket(List.of(a, b, c), fn, WsFn3.class);
    }

    /** Returns a handler that binds one parameter and calls the function. */
    public static <A> Handler of(Param<A> a, Fn1<A> fn) {
        return new FunctionalRoute(List.of(a), fn, Fn1.class);
    }

    /** Returns a handler that binds two parameters and calls the function. */
    public static <A, B> Handler of(Param<A> a, Param<B> b, Fn2<A, B> fn) {
        return new FunctionalRoute(List.of(a, b), fn, Fn2.class);
    }

    /** Returns a handler that binds three parameters and calls the function. */
    public static <A, B, C> Handler of(Param<A> a, Param<B> b, Param<C> c, Fn3<A, B, C> fn) {
        return new FunctionalRoute(List.of(a, b, c), fn, Fn3.class);
    }

    /** Returns a handler that binds four parameters and calls the function. */
    public static <A, B, C, D> Handler of(Param<A> a, Param<B> b, Param<C> c, Param<D> d,
            Fn4<A, B, C, D> fn) {
        return new FunctionalRoute(List.of(a, b, c, d), fn, Fn4.class);
    }

    /** Returns a handler that binds five parameters and calls the function. */
    public static <A, B, C, D, E> Handler of(Param<A> a, Param<B> b, Param<C> c, Param<D> d,
            Param<E> e, Fn5<A, B, C, D, E> fn) {
        return new FunctionalRoute(List.of(a, b, c, d, e), fn, Fn5.class);
    }
}
