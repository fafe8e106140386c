package dev.merino.binding;

/**
 * Converts the text of a path, query, header, cookie or form value into a type, registered with
 * {@link dev.merino.App#converter(Class, Converter)}.
 *
 * <p>Called on the request's thread, possibly by many at once: it must be thread-safe. To
 * reject a value, throw an {@link IllegalArgumentException} (or any runtime exception); the
 * client gets a 400 whose {@code errors} entry names the parameter and the expected form, never
 * the exception's message, which may repeat the value.
 *
 * @param <T> the type it produces
 */
@FunctionalInterface
public interface Converter<T> {

    /** Converts the value; never receives {@code null}. */
    T convert(String value);
}
