package dev.merino.http;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A media type such as {@code application/json; charset=utf-8} (RFC 9110 section 8.3.1).
 *
 * <p>Type, subtype and parameter names are lower-cased; parameter values keep their case.
 */
public final class MediaType {
    public static final MediaType TEXT_PLAIN = parse("text/plain; charset=utf-8");
    public static final MediaType TEXT_HTML = parse("text/html; charset=utf-8");
    public static final MediaType APPLICATION_JSON = parse("application/json");
    public static final MediaType PROBLEM_JSON = parse("application/problem+json");
    public static final MediaType FORM_URLENCODED = parse("application/x-www-form-urlencoded");
    public static final MediaType MULTIPART_FORM_DATA = parse("multipart/form-data");
    public static final MediaType OCTET_STREAM = parse("application/octet-stream");
    public static final MediaType EVENT_STREAM = parse("text/event-stream");

    private final String type;
    private final String subtype;
    private final Map<String, String> parameters;
    private final String text;

    private MediaType(String type, String subtype, Map<String, String> parameters, String text) {
        this.type = type;
        this.subtype = subtype;
        this.parameters = parameters;
        this.text = text;
    }

    /**
     * Parses a media type.
     *
     * @throws IllegalArgumentException if the text is not {@code type/subtype} followed by
     *     optional {@code ; name=value} parameters
     */
    public static MediaType parse(String text) {
        String[] parts = text.split(";");
        String essence = parts[0].trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1
                || !Tokens.isToken(essence.substring(0, slash))
                || !Tokens.isToken(essence.substring(slash + 1))) {
            throw new IllegalArgumentException("media type: '" + text
                    + "' (expected type/subtype)");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("media type: '" + text
                        + "' (expected parameters as name=value)");
            }
            String value = parameter.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            parameters.put(parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
        }
        return new MediaType(essence.substring(0, slash), essence.substring(slash + 1),
                Map.copyOf(parameters), format(essence, parameters));
    }

    private static String format(String essence, Map<String, String> parameters) {
        StringBuilder out = new StringBuilder(essence);
        parameters.forEach((name, value) -> out.append("; ").append(name).append('=')
                .append(Tokens.isToken(value) ? value : '"' + value + '"'));
        return out.toString();
    }

    /** Returns the top-level type, for example {@code application}. */
    public String type() {
        return type;
    }

    /** Returns the subtype, for example {@code json}. */
    public String subtype() {
        return subtype;
    }

    /** Returns the parameters; names are lower-case. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * Returns the charset named by the {@code charset} parameter, if present and known to the
     * JVM.
     */
    public Optional<Charset> charset() {
        String name = parameters.get("charset");
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /** Returns the charset, or UTF-8 when none is named. */
    public Charset charsetOrUtf8() {
        return charset().orElse(StandardCharsets.UTF_8);
    }

    /** Returns a copy with the parameter set. */
    public MediaType withParameter(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name.toLowerCase(Locale.ROOT), value);
        return parse(format(type + "/" + subtype, copy));
    }

    /**
     * Returns whether this type has the same type and subtype as the other, ignoring
     * parameters; {@code *} in either matches anything.
     */
    public boolean matches(MediaType other) {
        return (type.equals("*") || other.type.equals("*") || type.equals(other.type))
                && (subtype.equals("*") || other.subtype.equals("*")
                        || subtype.equals(other.subtype));
    }

    /** Returns whether the subtype is JSON: {@code json} or a {@code +json} suffix. */
    public boolean isJson() {
        return subtype.equals("json") || subtype.endsWith("+json");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MediaType that && that.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Returns the media type as it goes into a {@code Content-Type} header. */
    @Override
    public String toString() {
        return text;
    }
}
