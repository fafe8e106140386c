package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a query parameter.
 *
 * <p>The name is the annotation's value, or the parameter's own name when the value is empty
 * (compile with {@code -parameters}). A {@code List} or {@code Set} parameter receives every
 * value of a repeated parameter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FromQuery {

    /** Returns the name to read; empty for the parameter's name. */
    String value() default "";
}
