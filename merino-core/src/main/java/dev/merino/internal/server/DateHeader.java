package dev.merino.internal.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header value (RFC 9110 section 6.6.1, IMF-fixdate), formatted at most once a
 * second and shared by every thread.
 */
final class DateHeader {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    private record Cached(long second, String text, byte[] bytes) {
    }

    private static volatile Cached cached = new Cached(-1, "", new byte[0]);

    private DateHeader() {
    }

    static String now() {
        return current().text;
    }

    /** Returns the value as ASCII bytes; the caller must not change them. */
    static byte[] nowBytes() {
        return current().bytes;
    }

    private static Cached current() {
        long second = System.currentTimeMillis() / 1000;
        Cached current = cached;
        if (current.second != second) {
            String text = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
            current = new Cached(second, text, text.getBytes(StandardCharsets.US_ASCII));
            cached = current;
        }
        return current;
    }
}
