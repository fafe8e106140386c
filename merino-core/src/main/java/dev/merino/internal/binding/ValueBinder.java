package dev.merino.internal.binding;

import dev.merino.http.Parameters;
import dev.merino.http.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a path, query, header, cookie or form value: reads its text, converts it, and applies
 * what the declaration says about absence (required, {@code Optional}, nullable or default).
 */
final class ValueBinder implements ParameterBinder {

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

    private final Source source;
    private final String name;
    private final Conversion conversion;
    private final Shape shape;
    private final boolean required;
    private final Object absent;

    /**
     * Creates the binder.
     *
     * @param required whether absence is an error
     * @param absent the argument when the value is absent and not required
     */
    ValueBinder(Source source, String name, Conversion conversion, Shape shape, boolean required,
            Object absent) {
        this.source = source;
        this.name = name;
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

    private Object fromOne(String text) {
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
