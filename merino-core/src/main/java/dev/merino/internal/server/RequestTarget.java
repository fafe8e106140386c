package dev.merino.internal.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request target split into path and query, with the path's segments percent-decoded
 * (RFC 9112 section 3.2).
 *
 * @param target the target in origin form: {@code /path?query}
 * @param path the decoded path
 * @param segments the decoded segments; {@code /} has none, {@code /a/} has "a" and ""
 */
record RequestTarget(String target, String path, String[] segments) {
    private static final String[] NO_SEGMENTS = new String[0];

    /**
     * Parses the target of a request line; returns {@code null} when it is malformed: not in
     * origin or absolute form, a raw byte outside visible ASCII, a bad percent-encoding,
     * invalid UTF-8, an encoded control character, a segment that is or decodes to {@code .} or
     * {@code ..} (which clients normalize away; only probes send them), or a path with a
     * backslash or an encoded slash or backslash.
     */
    static RequestTarget parse(String uri) {
        if (!isVisibleAscii(uri)) {
            // RFC 9112 section 3.2 and RFC 3986 section 2: a target is visible ASCII; other
            // text is percent-encoded. Netty reads raw bytes as Latin-1, so a raw "é" sent as
            // UTF-8 would reach the handler as two characters.
            return null;
        }
        String target = uri;
        if (!target.startsWith("/")) {
            // Absolute form (RFC 9112 section 3.2.2): servers must accept it.
            int scheme = target.startsWith("http://") ? 7 : target.startsWith("https://") ? 8 : -1;
            if (scheme < 0) {
                return null;
            }
            int slash = target.indexOf('/', scheme);
            int query = target.indexOf('?', scheme);
            if (slash < 0 || (query >= 0 && query < slash)) {
                target = "/" + (query < 0 ? "" : target.substring(query));
            } else {
                target = target.substring(slash);
            }
        }
        int q = target.indexOf('?');
        int hash = target.indexOf('#');
        if (hash >= 0) {
            return null;
        }
        String rawPath = q < 0 ? target : target.substring(0, q);
        if (hasHiddenSeparator(rawPath)) {
            return null;
        }
        if (rawPath.length() == 1) {
            return new RequestTarget(target, "/", NO_SEGMENTS);
        }
        String[] segments = segmentsOf(rawPath);
        boolean encoded = rawPath.indexOf('%') >= 0;
        StringBuilder path = encoded ? new StringBuilder(rawPath.length()) : null;
        for (int i = 0; i < segments.length; i++) {
            String decoded = encoded ? decode(segments[i]) : segments[i];
            if (decoded == null || decoded.equals(".") || decoded.equals("..")) {
                return null;
            }
            segments[i] = decoded;
            if (encoded) {
                path.append('/').append(decoded);
            }
        }
        // Without a percent sign, the decoded path is the raw one.
        return new RequestTarget(target, encoded ? path.toString() : rawPath, segments);
    }

    /** Splits a path of more than "/" at its slashes; what follows the last one is a segment. */
    private static String[] segmentsOf(String rawPath) {
        int count = 1;
        for (int i = rawPath.indexOf('/', 1); i >= 0; i = rawPath.indexOf('/', i + 1)) {
            count++;
        }
        String[] segments = new String[count];
        int start = 1;
        for (int k = 0; k < count - 1; k++) {
            int slash = rawPath.indexOf('/', start);
            segments[k] = rawPath.substring(start, slash);
            start = slash + 1;
        }
        segments[count - 1] = rawPath.substring(start);
        return segments;
    }

    /**
     * Returns whether a raw path has a backslash or an encoded slash or backslash. Decoded, they
     * would put a separator inside one segment, where a handler joining a path parameter into a
     * file name (or a server behind that splits on them) would step out of its directory.
     */
    private static boolean hasHiddenSeparator(String rawPath) {
        if (rawPath.indexOf('\\') >= 0) {
            return true;
        }
        for (int i = rawPath.indexOf('%'); i >= 0 && i + 2 < rawPath.length();
                i = rawPath.indexOf('%', i + 1)) {
            char hi = rawPath.charAt(i + 1);
            char lo = Character.toUpperCase(rawPath.charAt(i + 2));
            if ((hi == '2' && lo == 'F') || (hi == '5' && lo == 'C')) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            return hasControl(decoded) ? null : decoded;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
