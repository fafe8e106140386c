package dev.merino.http;

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
        return new Parameters(java.util.Collections.unmodifiableMap(copy));
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
