package dev.merino.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose annotated methods ({@link Get}, {@link Post}, {@link WebSocketRoute}...)
 * are routes under a common path prefix. Registered explicitly with
 * {@link dev.merino.App#controller(Class)}; nothing scans the classpath.
 *
 * <p>One instance serves every request, so it must be thread-safe. It is built at start
 * through the application's services: its constructor (the one annotated
 * {@link jakarta.inject.Inject}, or its only public one) may take singleton and transient
 * services; a request-scoped service goes in a handler method's parameters instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Controller {

    /** Returns the path prefix of its routes, {@code "/"} or a path starting with {@code /}. */
    String value() default "/";
}
