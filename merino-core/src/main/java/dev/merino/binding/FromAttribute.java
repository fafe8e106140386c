package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a request attribute that a filter set, such as the
 * authenticated identity an authentication filter stores: the attribute's value is passed as
 * it is, not converted, and must be an instance of the parameter's type.
 *
 * <p>{@code Optional<T>} or {@code @Nullable} make it optional. A required attribute that is
 * missing, or one of another type, is a server mistake (the filter that sets it is not
 * installed on the route), so it ends the request with 500 rather than blaming the client.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FromAttribute {

    /** Returns the attribute's name. */
    String value();
}
