package dev.merino.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a controller method, or every method of a controller class, with a policy. A method's
 * own annotation wins over its class's. {@link Access#of(java.lang.reflect.Method)} reads it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Authorize {

    /** The policy name; empty for the default policy (or plain authentication if none). */
    String value() default "";
}
