package dev.merino.internal.binding;

import dev.merino.http.Parameters;
import dev.merino.http.Request;
import dev.merino.internal.routing.PathPattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a path, query, header, cookie or form value: reads its text, converts it, and applies
 * what the declaration says about absence (required, {@code Optional}, nullable or default).
 *
 * <p>A single value from the request is bound by a subclass of its source. The compiler then
 * makes one body per source, each with the lookup of that source alone and its own type
 * profile, where one shared body would hold every source's lookup (the query and cookie
 * parsers among them) and be too big to inline anywhere.
 */
class ValueBinder implements ParameterBinder {

    /** Where the text comes from; the name is the {@code in} of a binding error. */
    enum Source {
        PATH("path"), QUERY("query"), HEADER("header"), COOKIE("cookie"), FORM("body");

        final String in;

        Source(String in) {
            this.in = in;
        }
    }

    /** What the parameter's type wraps the converted value in. */
    enum Shape {
        SINGLE, OPTIONAL, LIST, SET
    }

    final Source source;
    final String name;
    final Conversion conversion;
    final Shape shape;
    final boolean required;
    final Object absent;

    /**
     * Returns the binder.
     *
     * @param required whether absence is an error
     * @param absent the argument when the value is absent and not required
     * @param routed the type the router converts a path parameter to, or null
     */
    static ValueBinder of(Source source, String name, Conversion conversion, Shape shape,
            boolean required, Object absent, PathPattern.Type routed) {
        if (shape == Shape.LIST || shape == Shape.SET) {
            return new ValueBinder(source, name, conversion, shape, required, absent);
        }
        return switch (source) {
            case PATH -> new Path(name, conversion, shape, required, absent,
                    routedClass(routed, conversion));
            case QUERY -> new Query(name, conversion, shape, required, absent);
            case HEADER -> new Header(name, conversion, shape, required, absent);
            case COOKIE -> new Cookie(name, conversion, shape, required, absent);
            case FORM -> new ValueBinder(source, name, conversion, shape, required, absent);
        };
    }

    private ValueBinder(Source source, String name, Conversion conversion, Shape shape,
            boolean required, Object absent) {
        this.source = source;
        // Interned, as the router's path parameter names and the string constants of code
        // are: a lookup whose other side is one of those ends at the identity check of equals
        // or equalsIgnoreCase, where comparing the characters of a header name case-blind
        // costs as much as the rest of binding it.
        this.name = name.intern();
        this.conversion = conversion;
        this.shape = shape;
        this.required = required;
        this.absent = absent;
    }

    @Override
    public Object bind(Request request, BindContext context) {
        if (shape == Shape.LIST || shape == Shape.SET) {
            List<String> texts = switch (source) {
                case QUERY -> request.query().all(name);
                case HEADER -> request.headers().all(name);
                default -> {
                    String text = first(request);
                    yield text == null ? List.of() : List.of(text);
                }
            };
            return fromAll(texts);
        }
        return fromOne(first(request));
    }

    /** Binds from form fields. */
    Object bindForm(Parameters form) {
        if (shape == Shape.LIST || shape == Shape.SET) {
            return fromAll(form.all(name));
        }
        return fromOne(form.firstOrNull(name));
    }

    private String first(Request request) {
        return switch (source) {
            case PATH -> request.pathParam(name);
            case QUERY -> request.query().firstOrNull(name);
            case HEADER -> request.headers().firstOrNull(name);
            case COOKIE -> request.cookies().get(name);
            case FORM -> throw new IllegalStateException("form values are bound by bindForm");
        };
    }

    final Object fromOne(String text) {
        if (text == null) {
            return required ? BindingFailure.of(source.in, name, "Required.") : absent;
        }
        try {
            Object value = conversion.apply(text);
            return shape == Shape.OPTIONAL ? Optional.of(value) : value;
        } catch (RuntimeException e) {
            return BindingFailure.of(source.in, name, conversion.detail());
        }
    }

    private Object fromAll(List<String> texts) {
        if (texts.isEmpty()) {
            return absent;
        }
        List<Object> values = new ArrayList<>(texts.size());
        for (String text : texts) {
            try {
                values.add(conversion.apply(text));
            } catch (RuntimeException e) {
                return BindingFailure.of(source.in, name, "Expected every value to be "
                        + conversion.expected() + ".");
            }
        }
        return shape == Shape.SET ? Collections.unmodifiableSet(new LinkedHashSet<>(values))
                : Collections.unmodifiableList(values);
    }

    /**
     * Returns the class of the router's value of a path parameter when that value is what the
     * binder's built-in conversion would make of the text, or null. The router reads the same
     * forms as the built-ins (decimal integers in range, canonical UUIDs), so equal text gives
     * an equal value; an application's converter is never bypassed, its kind being
     * {@code OTHER}.
     */
    private static Class<?> routedClass(PathPattern.Type routed, Conversion conversion) {
        if (routed == null) {
            return null;
        }
        return switch (conversion.kind()) {
            case INT -> routed == PathPattern.Type.INT ? Integer.class : null;
            case LONG -> routed == PathPattern.Type.LONG ? Long.class : null;
            case UUID -> routed == PathPattern.Type.UUID ? java.util.UUID.class : null;
            case TEXT, OTHER -> null;
        };
    }

    /**
     * Binds a single path parameter, taking the value the router converted when it is of the
     * parameter's type rather than parsing the text a second time.
     */
    private static final class Path extends ValueBinder {
        private final Class<?> routed;

        Path(String name, Conversion conversion, Shape shape, boolean required, Object absent,
                Class<?> routed) {
            super(Source.PATH, name, conversion, shape, required, absent);
            this.routed = routed;
        }

        @Override
        public Object bind(Request request, BindContext context) {
            if (routed != null) {
                Object value = routedValue(request);
                if (value != null) {
                    return shape == Shape.OPTIONAL ? Optional.of(value) : value;
                }
            }
            return fromOne(request.pathParam(name));
        }

        private Object routedValue(Request request) {
            try {
                return request.pathParam(name, routed);
            } catch (IllegalArgumentException e) {
                // Only a request built by hand has a value of another type, or none, here;
                // its text is converted as for any other route.
                return null;
            }
        }
    }

    /** Binds a single query parameter. */
    private static final class Query extends ValueBinder {
        Query(String name, Conversion conversion, Shape shape, boolean required, Object absent) {
            super(Source.QUERY, name, conversion, shape, required, absent);
        }

        @Override
        public Object bind(Request request, BindContext context) {
            return fromOne(request.query().firstOrNull(name));
        }
    }

    /** Binds a single header. */
    private static final class Header extends ValueBinder {
        Header(String name, Conversion conversion, Shape shape, boolean required,
                Object absent) {
            super(Source.HEADER, name, conversion, shape, required, absent);
        }

        @Override
        public Object bind(Request request, BindContext context) {
            return fromOne(request.headers().firstOrNull(name));
        }
    }

    /** Binds a single cookie. */
    private static final class Cookie extends ValueBinder {
        Cookie(String name, Conversion conversion, Shape shape, boolean required,
                Object absent) {
            super(Source.COOKIE, name, conversion, shape, required, absent);
        }

        @Override
        public Object bind(Request request, BindContext context) {
            return fromOne(request.cookies().get(name));
        }
    }

    /** Checks a default at start by converting it. */
    static Object convertDefault(Conversion conversion, String text, Shape shape, String what) {
        try {
            Object value = conversion.apply(text);
            return shape == Shape.OPTIONAL ? Optional.of(value) : value;
        } catch (RuntimeException e) {
            throw new IllegalStateException("The default '" + text + "' of " + what
                    + " does not convert (expected " + conversion.expected() + ")", e);
        }
    }

    static Object emptyOf(Shape shape) {
        return switch (shape) {
            case SINGLE -> null;
            case OPTIONAL -> Optional.empty();
            case LIST -> List.of();
            case SET -> Set.of();
        };
    }
}
