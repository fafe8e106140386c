package dev.merino.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a route template captured from a path: decoded strings, and the values
 * converted to the types the template declares.
 */
public final class PathParams {
    /** No parameters. */
    public static final PathParams NONE = new PathParams(new String[0], new String[0],
            new Object[0]);

    private final String[] names;
    private final String[] raw;
    private final Object[] typed;

    private PathParams(String[] names, String[] raw, Object[] typed) {
        this.names = names;
        this.raw = raw;
        this.typed = typed;
    }

    /**
     * Returns parameters from parallel arrays of names, decoded strings and typed values; the
     * arrays are not copied and must not change afterwards.
     */
    public static PathParams of(String[] names, String[] raw, Object[] typed) {
        if (names.length != raw.length || names.length != typed.length) {
            throw new IllegalArgumentException("names, raw and typed: lengths " + names.length
                    + ", " + raw.length + ", " + typed.length + " (expected equal)");
        }
        return names.length == 0 ? NONE : new PathParams(names, raw, typed);
    }

    String raw(String name) {
        return raw[indexOf(name)];
    }

    @SuppressWarnings("unchecked")
    <T> T typed(String name, Class<T> type) {
        Object value = typed[indexOf(name)];
        // int.class is the natural way to ask for an {id:int}; its instances are Integers.
        Class<?> boxed = type == int.class ? Integer.class : type == long.class ? Long.class
                : type;
        if (value == null) {
            // Only parameters built by hand can lack one; the router converts every value.
            throw new IllegalArgumentException("path parameter " + name
                    + ": has no typed value (asked for " + type.getSimpleName() + ")");
        }
        if (!boxed.isInstance(value)) {
            String declare = boxed == Integer.class ? "int" : boxed == Long.class ? "long"
                    : boxed == java.util.UUID.class ? "uuid" : null;
            throw new IllegalArgumentException("path parameter " + name + ": is a "
                    + value.getClass().getSimpleName() + " (asked for " + type.getSimpleName()
                    + (declare == null ? ")" : "; declare it as {" + name + ":" + declare
                            + "} in the route template)"));
        }
        return (T) value;
    }

    Map<String, String> asMap() {
        if (names.length == 0) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], raw[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("path parameter " + name + ": not in the route"
                + " (the route has " + String.join(", ", names) + ")");
    }
}
