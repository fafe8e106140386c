package dev.merino.http;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** {@link Headers} as a flat array of name, value pairs; lookups scan, as header sets are small. */
final class ArrayHeaders implements Headers {
    static final ArrayHeaders EMPTY = new ArrayHeaders(new String[0], 0);

    private final String[] fields;
    private final int size;

    private ArrayHeaders(String[] fields, int size) {
        this.fields = fields;
        this.size = size;
    }

    @Override
    public Optional<String> first(String name) {
        return Optional.ofNullable(firstOrNull(name));
    }

    @Override
    public String firstOrNull(String name) {
        for (int i = 0; i < size * 2; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    @Override
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < size * 2; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                values.add(fields[i + 1]);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public boolean contains(String name) {
        return firstOrNull(name) != null;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        outer:
        for (int i = 0; i < size * 2; i += 2) {
            for (String seen : names) {
                if (seen.equalsIgnoreCase(fields[i])) {
                    continue outer;
                }
            }
            names.add(fields[i]);
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                int at = next++ * 2;
                return new AbstractMap.SimpleImmutableEntry<>(fields[at], fields[at + 1]);
            }
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArrayHeaders that && that.size == size
                && Arrays.equals(fields, 0, size * 2, that.fields, 0, size * 2);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOf(fields, size * 2));
    }

    @Override
    public String toString() {
        // Values are left out: they may carry credentials.
        return "Headers" + names();
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name: empty (expected a token)");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Tokens.isTchar(name.charAt(i))) {
                throw new IllegalArgumentException("header name: '" + name
                        + "' (expected a token: letters, digits and !#$%&'*+-.^_`|~)");
            }
        }
    }

    static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + ": null value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // RFC 9110 section 5.5: field-vchar, SP and HTAB; CR and LF would split the message.
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("header " + name
                        + ": value has character 0x" + Integer.toHexString(c)
                        + " at index " + i + " (expected visible characters, space or tab)");
            }
        }
    }

    static final class Builder implements Headers.Builder {
        private String[] fields = new String[16];
        private int size;

        @Override
        public Builder add(String name, String value) {
            checkName(name);
            checkValue(name, value);
            if (size * 2 == fields.length) {
                fields = Arrays.copyOf(fields, fields.length * 2);
            }
            fields[size * 2] = name;
            fields[size * 2 + 1] = value;
            size++;
            return this;
        }

        @Override
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        @Override
        public Builder remove(String name) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (!fields[i * 2].equalsIgnoreCase(name)) {
                    fields[kept * 2] = fields[i * 2];
                    fields[kept * 2 + 1] = fields[i * 2 + 1];
                    kept++;
                }
            }
            Arrays.fill(fields, kept * 2, size * 2, null);
            size = kept;
            return this;
        }

        @Override
        public Headers build() {
            return size == 0 ? EMPTY : new ArrayHeaders(Arrays.copyOf(fields, size * 2), size);
        }
    }
}
