package dev.merino.benchmarks.netty;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header value, refreshed once a second by a scheduled task. */
final class DateValue {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    private volatile AsciiString value;

    DateValue() {
        refresh();
    }

    void refresh() {
        value = AsciiString.cached(IMF_FIXDATE.format(Instant.now()));
    }

    AsciiString value() {
        return value;
    }
}
