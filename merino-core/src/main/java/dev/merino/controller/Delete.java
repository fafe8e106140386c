package dev.merino.controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a controller method the handler of DELETE requests to a path.
 *
 * <p>The path is joined to the controller's prefix like a route in a group: {@code ""} for the
 * prefix itself, or a template starting with {@code /}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Delete {

    /** Returns the path template under the controller's prefix. */
    String value() default "";
}
