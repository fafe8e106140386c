package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a request header, matched case-insensitively.
 *
 * <p>The name is the annotation's value, or the parameter's own name when the value is empty
 * (compile with {@code -parameters}). A {@code List} or {@code Set} parameter receives every line of a repeated header.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FromHeader {

    /** Returns the name to read; empty for the parameter's name. */
    String value() default "";
}
