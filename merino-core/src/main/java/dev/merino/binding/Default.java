package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a path, query, header, cookie or form value a default, used when the request lacks it.
 * The default is converted at start like a value from a request, so a default that does not
 * convert fails the start.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Default {

    /** Returns the default as text, as a client would send it. */
    String value();
}
