package dev.merino.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A cookie to set on the client with a {@code Set-Cookie} header (RFC 6265 section 4.1).
 *
 * <p>Immutable: the {@code withX} methods return modified copies. Request cookies are read with
 * {@link Request#cookie(String)}.
 *
 * @param name the cookie name, a token
 * @param value the value, made of cookie-octets (no whitespace, quote, comma, semicolon or
 *     backslash); encode anything else yourself, for example with Base64url
 * @param path the {@code Path} attribute, or {@code null}
 * @param domain the {@code Domain} attribute, or {@code null}
 * @param maxAge the {@code Max-Age} attribute, or {@code null}
 * @param expires the {@code Expires} attribute, or {@code null}
 * @param secure whether to send {@code Secure}
 * @param httpOnly whether to send {@code HttpOnly}
 * @param sameSite the {@code SameSite} attribute, or {@code null}
 */
public record Cookie(String name, String value, String path, String domain, Duration maxAge,
        Instant expires, boolean secure, boolean httpOnly, SameSite sameSite) {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    /** The values of the {@code SameSite} attribute. */
    public enum SameSite {
        STRICT("Strict"), LAX("Lax"), NONE("None");

        private final String text;

        SameSite(String text) {
            this.text = text;
        }

        /** Returns the attribute value as written on the wire. */
        public String text() {
            return text;
        }
    }

    /** Checks the name, value and attributes. */
    public Cookie {
        if (!Tokens.isToken(name)) {
            throw new IllegalArgumentException("cookie name: '" + name + "' (expected a token)");
        }
        checkValue(name, value);
        checkAttribute(name, "path", path);
        checkAttribute(name, "domain", domain);
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("cookie " + name + " maxAge: " + maxAge
                    + " (expected zero or more; zero deletes the cookie)");
        }
    }

    /** Returns a session cookie with no attributes. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, null, null, null, null, false, false, null);
    }

    /** Returns a cookie that tells the client to delete the named cookie at this path. */
    public static Cookie expired(String name, String path) {
        return of(name, "").withPath(path).withMaxAge(Duration.ZERO)
                .withExpires(Instant.EPOCH);
    }

    /** Returns a copy with the {@code Path} attribute. */
    public Cookie withPath(String path) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with the {@code Domain} attribute. */
    public Cookie withDomain(String domain) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with the {@code Max-Age} attribute, in whole seconds. */
    public Cookie withMaxAge(Duration maxAge) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with the {@code Expires} attribute. */
    public Cookie withExpires(Instant expires) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with or without {@code Secure}. */
    public Cookie withSecure(boolean secure) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with or without {@code HttpOnly}. */
    public Cookie withHttpOnly(boolean httpOnly) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /**
     * Returns a copy with the {@code SameSite} attribute. {@link SameSite#NONE} also needs
     * {@link #withSecure(boolean) Secure} for browsers to keep the cookie.
     */
    public Cookie withSameSite(SameSite sameSite) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns the value of a {@code Set-Cookie} header for this cookie. */
    public String toSetCookie() {
        StringBuilder out = new StringBuilder(name.length() + value.length() + 64);
        out.append(name).append('=').append(value);
        if (path != null) {
            out.append("; Path=").append(path);
        }
        if (domain != null) {
            out.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            out.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (expires != null) {
            out.append("; Expires=").append(IMF_FIXDATE.format(expires));
        }
        if (secure) {
            out.append("; Secure");
        }
        if (httpOnly) {
            out.append("; HttpOnly");
        }
        if (sameSite != null) {
            out.append("; SameSite=").append(sameSite.text());
        }
        return out.toString();
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("cookie " + name + " value: null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // RFC 6265 section 4.1.1 cookie-octet.
            boolean octet = c == 0x21 || c >= 0x23 && c <= 0x2b || c >= 0x2d && c <= 0x3a
                    || c >= 0x3c && c <= 0x5b || c >= 0x5d && c <= 0x7e;
            if (!octet) {
                throw new IllegalArgumentException("cookie " + name + " value: character 0x"
                        + Integer.toHexString(c) + " at index " + i
                        + " (expected cookie-octets; encode the value, e.g. Base64url)");
            }
        }
    }

    private static void checkAttribute(String name, String attribute, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ';' || c > 0x7e) {
                throw new IllegalArgumentException("cookie " + name + " " + attribute
                        + ": character 0x" + Integer.toHexString(c) + " at index " + i
                        + " (expected visible ASCII without ';')");
            }
        }
    }

    @Override
    public String toString() {
        // The value may be a session secret.
        return "Cookie[" + name + "]";
    }
}
