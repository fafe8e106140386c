package dev.merino.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to the request body.
 *
 * <p>A {@code String} receives the body as text (charset from {@code Content-Type}, UTF-8 by
 * default), a {@code byte[]} its bytes, an {@link java.io.InputStream} a stream that reads it as
 * it arrives; any other type is read from JSON with the application's Jackson mapper, generic
 * types included. A JSON body with another {@code Content-Type} is refused with 415; malformed
 * JSON, or JSON that does not fit the type, is reported in the 400 response's {@code errors}
 * with its line and column.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FromBody {
}
