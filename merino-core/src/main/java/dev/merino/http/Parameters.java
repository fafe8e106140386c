package dev.merino.http;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable multi-valued name/value pairs from a query string or an urlencoded form, already
 * percent-decoded. Names are case-sensitive.
 */
public final class Parameters {
    private static final Parameters EMPTY = new Parameters(Map.of());

    private final Map<String, List<String>> values;

    private Parameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Returns parameters holding a copy of the given map. */
    public static Parameters of(Map<String, List<String>> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        return new Parameters(Collections.unmodifiableMap(copy));
    }

    /**
     * Parses {@code application/x-www-form-urlencoded} text, as found in a query string or a
     * form body: pairs separated by {@code &} (a {@code ;} is part of a value, as in the WHATWG
     * URL standard), {@code +} for a space, and percent-escapes decoded in the charset. A name
     * without {@code =} has the empty value.
     *
     * @throws IllegalArgumentException if an escape is malformed or the bytes are not valid in
     *     the charset
     */
    public static Parameters parse(String encoded, Charset charset) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int start = 0;
        while (start <= encoded.length()) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = encoded.length();
            }
            if (end > start) {
                int eq = encoded.indexOf('=', start);
                int nameEnd = eq < 0 || eq > end ? end : eq;
                String name = PercentDecoder.decode(encoded.substring(start, nameEnd), charset,
                        true);
                String value = nameEnd == end ? "" : PercentDecoder.decode(
                        encoded.substring(nameEnd + 1, end), charset, true);
                values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        if (values.isEmpty()) {
            return EMPTY;
        }
        // The map is this method's own: made unmodifiable in place rather than copied.
        values.replaceAll((name, list) -> List.copyOf(list));
        return new Parameters(Collections.unmodifiableMap(values));
    }

    /** Returns the empty parameters. */
    public static Parameters empty() {
        return EMPTY;
    }

    /** Returns the first value of the named parameter, if present. */
    public Optional<String> first(String name) {
        return Optional.ofNullable(firstOrNull(name));
    }

    /** Returns the first value of the named parameter, or {@code null} when absent. */
    public String firstOrNull(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Returns every value of the named parameter in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Returns whether the named parameter is present, with or without a value. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** Returns the parameter names in order of first appearance. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Returns the parameters as an unmodifiable map. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "Parameters" + values.keySet();
    }
}
