package dev.merino.benchmarks.netty;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.util.Date;

/**
 * The {@code Date} header value, refreshed once a second by a scheduled task. Netty's own
 * formatter writes it: a {@code DateTimeFormatter} pattern loads the JDK's locale data at its
 * first use, a start-up cost that Merino does not pay either.
 */
final class DateValue {

    private volatile AsciiString value;

    DateValue() {
        refresh();
    }

    void refresh() {
        value = AsciiString.cached(DateFormatter.format(new Date()));
    }

    AsciiString value() {
        return value;
    }
}
