package dev.merino.binding;

import dev.merino.http.Request;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Declares one parameter of a functional handler made with {@link Bind}: where its value comes
 * from, its name and its type. Immutable; {@code optional()}, {@code list()} and
 * {@code orElse(...)} return changed copies.
 *
 * <pre>{@code
 * app.get("/items/{id:int}", Bind.of(Param.path("id", int.class),
 *         Param.query("fields", String.class).list(),
 *         (id, fields) -> items.find(id, fields)));
 * }</pre>
 *
 * @param <T> the type the handler receives
 */
public final class Param<T> {

    /** Where a parameter's value comes from. */
    public enum Source {
        /** A path parameter of the route's template. */
        PATH,
        /** A query parameter. */
        QUERY,
        /** A request header. */
        HEADER,
        /** A cookie. */
        COOKIE,
        /** The body, as for {@link FromBody}. */
        BODY,
        /** A service of the application. */
        SERVICE,
        /** The request itself. */
        REQUEST
    }

    /** What the converted value is wrapped in. */
    public enum Shape {
        /** The value itself, required unless it has a default. */
        SINGLE,
        /** An {@code Optional}, empty when absent. */
        OPTIONAL,
        /** A {@code List} of every value, empty when absent. */
        LIST,
        /** A {@code Set} of every value, empty when absent. */
        SET
    }

    private final Source source;
    private final String name;
    private final Class<?> type;
    private final Shape shape;
    private final String defaultValue;

    private Param(Source source, String name, Class<?> type, Shape shape, String defaultValue) {
        this.source = source;
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.shape = shape;
        this.defaultValue = defaultValue;
    }

    /** Returns a path parameter of the route's template, converted to the type. */
    public static <T> Param<T> path(String name, Class<T> type) {
        return new Param<>(Source.PATH, Objects.requireNonNull(name, "name"), type, Shape.SINGLE,
                null);
    }

    /** Returns a query parameter converted to the type. */
    public static <T> Param<T> query(String name, Class<T> type) {
        return new Param<>(Source.QUERY, Objects.requireNonNull(name, "name"), type,
                Shape.SINGLE, null);
    }

    /** Returns a request header converted to the type. */
    public static <T> Param<T> header(String name, Class<T> type) {
        return new Param<>(Source.HEADER, Objects.requireNonNull(name, "name"), type,
                Shape.SINGLE, null);
    }

    /** Returns a cookie converted to the type. */
    public static <T> Param<T> cookie(String name, Class<T> type) {
        return new Param<>(Source.COOKIE, Objects.requireNonNull(name, "name"), type,
                Shape.SINGLE, null);
    }

    /**
     * Returns the body: text for {@code String}, bytes for {@code byte[]}, a stream for
     * {@code InputStream}, otherwise JSON read into the type.
     */
    public static <T> Param<T> body(Class<T> type) {
        return new Param<>(Source.BODY, "body", type, Shape.SINGLE, null);
    }

    /** Returns the application's service of the type. */
    public static <T> Param<T> service(Class<T> type) {
        return new Param<>(Source.SERVICE, type.getSimpleName(), type, Shape.SINGLE, null);
    }

    /** Returns the request itself. */
    public static Param<Request> request() {
        return new Param<>(Source.REQUEST, "request", Request.class, Shape.SINGLE, null);
    }

    /** Returns this parameter as an {@code Optional}, empty when the request lacks it. */
    public Param<Optional<T>> optional() {
        return new Param<>(source, name, type, Shape.OPTIONAL, null);
    }

    /** Returns this parameter as a list of every value (query parameters and headers). */
    public Param<List<T>> list() {
        return new Param<>(source, name, type, Shape.LIST, null);
    }

    /** Returns this parameter as a set of every value (query parameters and headers). */
    public Param<Set<T>> set() {
        return new Param<>(source, name, type, Shape.SET, null);
    }

    /** Returns this parameter with a default, given as text and converted at start. */
    public Param<T> orElse(String defaultValue) {
        return new Param<>(source, name, type, shape,
                Objects.requireNonNull(defaultValue, "defaultValue"));
    }

    /** Returns where the value comes from. */
    public Source source() {
        return source;
    }

    /** Returns the name it is read by. */
    public String name() {
        return name;
    }

    /** Returns the type of the value, inside any {@code Optional}, {@code List} or {@code Set}. */
    public Class<?> type() {
        return type;
    }

    /** Returns what the value is wrapped in. */
    public Shape shape() {
        return shape;
    }

    /** Returns the default as text, or {@code null}. */
    public String defaultValue() {
        return defaultValue;
    }
}
