package dev.merino.internal.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed route template such as {@code /users/{id:int}/files/{*rest}}.
 *
 * <p>Each segment is a literal, a parameter of a type, or a final catch-all. Literal segments
 * are compared with the percent-decoded segments of a request path.
 */
public final class PathPattern {

    /** The parameter types, in the order the router tries them at one position. */
    public enum Type {
        INT, LONG, UUID, STRING;

        Object convert(String segment) {
            switch (this) {
                case INT, LONG -> {
                    if (!isDecimal(segment) || segment.length() > 20) {
                        return null;
                    }
                    try {
                        return this == INT ? (Object) Integer.parseInt(segment)
                                : (Object) Long.parseLong(segment);
                    } catch (NumberFormatException outOfRange) {
                        return null;
                    }
                }
                case UUID -> {
                    return isUuid(segment) ? java.util.UUID.fromString(segment) : null;
                }
                default -> {
                    return segment.isEmpty() ? null : segment;
                }
            }
        }

        private static boolean isDecimal(String s) {
            int start = s.startsWith("-") ? 1 : 0;
            if (s.length() == start) {
                return false;
            }
            for (int i = start; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isUuid(String s) {
            // Only the canonical 8-4-4-4-12 form: UUID.fromString accepts shorter groups.
            if (s.length() != 36) {
                return false;
            }
            for (int i = 0; i < 36; i++) {
                char c = s.charAt(i);
                boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One segment of a template. */
    public sealed interface Segment {
    }

    /** A segment matched by equality. */
    public record Literal(String text) implements Segment {
    }

    /** A segment captured as a parameter of a type. */
    public record Param(String name, Type type) implements Segment {
    }

    /** The rest of the path, captured as one parameter. */
    public record CatchAll(String name) implements Segment {
    }

    private final String template;
    private final List<Segment> segments;
    private final String[] paramNames;

    private PathPattern(String template, List<Segment> segments, String[] paramNames) {
        this.template = template;
        this.segments = segments;
        this.paramNames = paramNames;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the template and what is wrong with it
     */
    public static PathPattern parse(String template) {
        if (template == null || !template.startsWith("/")) {
            throw invalid(template, "expected it to start with '/'");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] parts = template.length() == 1 ? new String[0]
                : template.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            Segment segment = parseSegment(template, parts[i]);
            if (segment instanceof CatchAll && i != parts.length - 1) {
                throw invalid(template, "{*" + ((CatchAll) segment).name()
                        + "} must be the last segment");
            }
            String name = segment instanceof Param p ? p.name()
                    : segment instanceof CatchAll c ? c.name() : null;
            if (name != null) {
                if (!seen.add(name)) {
                    throw invalid(template, "parameter '" + name + "' appears twice");
                }
                names.add(name);
            }
            segments.add(segment);
        }
        return new PathPattern(template, List.copyOf(segments), names.toArray(String[]::new));
    }

    private static Segment parseSegment(String template, String part) {
        int open = part.indexOf('{');
        int close = part.indexOf('}');
        if (open < 0 && close < 0) {
            return new Literal(part);
        }
        if (open == 0 && close < 0) {
            throw invalid(template, "unclosed parameter '" + part + "'");
        }
        // One parameter filling the segment, nothing before or after it: "v{id}", "{id}.json"
        // and "{a}{b}" would need a matcher per segment, which the trie does not have.
        if (open != 0 || close != part.length() - 1 || part.indexOf('{', 1) >= 0) {
            throw invalid(template, "a parameter must be a whole segment, found '" + part
                    + "'");
        }
        String inner = part.substring(1, part.length() - 1);
        if (inner.startsWith("*")) {
            return new CatchAll(checkName(template, inner.substring(1)));
        }
        int colon = inner.indexOf(':');
        String name = checkName(template, colon < 0 ? inner : inner.substring(0, colon));
        String type = colon < 0 ? "string" : inner.substring(colon + 1);
        return switch (type) {
            case "int" -> new Param(name, Type.INT);
            case "long" -> new Param(name, Type.LONG);
            case "uuid" -> new Param(name, Type.UUID);
            case "string", "str" -> new Param(name, Type.STRING);
            default -> throw invalid(template, "unknown parameter type '" + type
                    + "' (expected int, long, uuid or string)");
        };
    }

    /**
     * Returns the name, interned: the binders of a route intern theirs too, so that looking a
     * parameter up by name on every request ends at the identity check of {@code equals}.
     */
    private static String checkName(String template, String name) {
        boolean ok = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0));
        for (int i = 1; ok && i < name.length(); i++) {
            ok = Character.isJavaIdentifierPart(name.charAt(i));
        }
        if (!ok) {
            throw invalid(template, "parameter name '" + name
                    + "' (expected letters, digits and '_', not starting with a digit)");
        }
        return name.intern();
    }

    private static IllegalArgumentException invalid(String template, String why) {
        return new IllegalArgumentException("route template '" + template + "': " + why);
    }

    /** Returns the template as written. */
    public String template() {
        return template;
    }

    /** Returns the segments. */
    public List<Segment> segments() {
        return segments;
    }

    /** Returns the parameter names in order; the array is shared and must not change. */
    String[] paramNames() {
        return paramNames;
    }

    /** Returns the number of parameters. */
    public int paramCount() {
        return paramNames.length;
    }

    @Override
    public String toString() {
        return template;
    }
}
