package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a path parameter of the route's template.
 *
 * <p>The name is the annotation's value, or the parameter's own name when the value is empty
 * (compile with {@code -parameters}). The template must declare it; a route whose template lacks it fails at start.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FromPath {

    /** Returns the name to read; empty for the parameter's name. */
    String value() default "";
}
