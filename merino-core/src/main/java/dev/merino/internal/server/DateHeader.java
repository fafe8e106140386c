package dev.merino.internal.server;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The {@code Date} header value (RFC 9110 section 6.6.1, IMF-fixdate), formatted at most once a
 * second and shared by every thread.
 *
 * <p>The value is written from the date's fields rather than by a {@code DateTimeFormatter}:
 * a pattern formatter loads the JDK's locale data when it is first used, which took about
 * 25 ms of the first response on a one-core server.
 */
final class DateHeader {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
        "Aug", "Sep", "Oct", "Nov", "Dec"};

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

    /** Formats a time, in seconds since the epoch, as an IMF-fixdate; years 1000 to 9999. */
    static String format(long epochSecond) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(29)
                .append(DAYS[time.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(out, time.getDayOfMonth()).append(' ')
                .append(MONTHS[time.getMonthValue() - 1]).append(' ')
                .append(time.getYear()).append(' ');
        twoDigits(out, time.getHour()).append(':');
        twoDigits(out, time.getMinute()).append(':');
        return twoDigits(out, time.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static Cached current() {
        long second = System.currentTimeMillis() / 1000;
        Cached current = cached;
        if (current.second != second) {
            String text = format(second);
            current = new Cached(second, text, text.getBytes(StandardCharsets.US_ASCII));
            cached = current;
        }
        return current;
    }
}
