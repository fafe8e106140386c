package dev.merino.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DateHeaderTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    @Test
    void writesTheExampleOfRfc9110() {
        assertThat(DateHeader.format(784_111_777L)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void agreesWithTheJdkFormatterOnEdgesOfDaysMonthsAndYears() {
        String[] instants = {"1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
            "2000-01-01T00:00:00Z", "2000-02-29T12:00:00Z", "2024-02-29T23:59:59Z",
            "2026-03-01T00:00:00Z", "2038-01-19T03:14:08Z", "2100-03-01T09:05:01Z",
            "9999-12-31T23:59:59Z"};
        for (String text : instants) {
            Instant instant = Instant.parse(text);
            assertThat(DateHeader.format(instant.getEpochSecond()))
                    .as(text).isEqualTo(PATTERN.format(instant));
        }
    }

    @Test
    void agreesWithTheJdkFormatterOnTenThousandTimes() {
        SplittableRandom random = new SplittableRandom(20261204);
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 10_000; i++) {
            long second = random.nextLong(0, last + 1);
            assertThat(DateHeader.format(second)).as("second %d", second)
                    .isEqualTo(PATTERN.format(Instant.ofEpochSecond(second)));
        }
    }

    @Test
    void theCurrentValueIsTheCurrentSecond() {
        long before = System.currentTimeMillis() / 1000;
        String now = DateHeader.now();
        long after = System.currentTimeMillis() / 1000;
        assertThat(now).isIn(DateHeader.format(before), DateHeader.format(after));
        assertThat(DateHeader.nowBytes()).hasSize(29);
    }
}
