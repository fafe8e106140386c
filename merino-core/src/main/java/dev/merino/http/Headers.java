package dev.merino.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, ordered, multi-valued collection of HTTP header fields whose names are compared
 * case-insensitively (RFC 9110 section 5.1).
 *
 * <p>Request headers come from the server; response headers are built with {@link #builder()}
 * or through {@link Response#withHeader(String, String)}.
 */
public interface Headers extends Iterable<Map.Entry<String, String>> {

    /** Returns the first value of the named field, if present. */
    Optional<String> first(String name);

    /** Returns the first value of the named field, or {@code null} when absent. */
    String firstOrNull(String name);

    /** Returns every value of the named field in order of arrival; empty when absent. */
    List<String> all(String name);

    /** Returns whether the named field is present. */
    boolean contains(String name);

    /** Returns the distinct field names, in the case they were first seen, in order. */
    Set<String> names();

    /** Returns the number of field lines. */
    int size();

    /** Returns whether there are no fields. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /** Returns the empty header collection. */
    static Headers empty() {
        return ArrayHeaders.EMPTY;
    }

    /**
     * Returns headers made of alternating names and values.
     *
     * @throws IllegalArgumentException if an odd number of strings is given, or a name or value
     *     is not valid in an HTTP field
     */
    static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues: " + namesAndValues.length
                    + " strings (expected name, value pairs)");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Returns a builder for a new header collection. */
    static Builder builder() {
        return new ArrayHeaders.Builder();
    }

    /** Returns a builder that starts with these fields. */
    default Builder toBuilder() {
        Builder builder = builder();
        for (Map.Entry<String, String> field : this) {
            builder.add(field.getKey(), field.getValue());
        }
        return builder;
    }

    /** Builds a {@link Headers}. Not thread-safe. */
    interface Builder {

        /**
         * Appends a field line.
         *
         * @throws IllegalArgumentException if the name is not a token or the value holds a
         *     control character such as CR or LF
         */
        Builder add(String name, String value);

        /** Replaces every line of the named field with one line of this value. */
        Builder set(String name, String value);

        /** Removes every line of the named field. */
        Builder remove(String name);

        /** Returns the headers built so far. */
        Headers build();
    }
}
