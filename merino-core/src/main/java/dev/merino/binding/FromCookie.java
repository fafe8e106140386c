package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a cookie the client sent.
 *
 * <p>The name is the annotation's value, or the parameter's own name when the value is empty
 * (compile with {@code -parameters}). When a name repeats, the first cookie wins.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FromCookie {

    /** Returns the name to read; empty for the parameter's name. */
    String value() default "";
}
