package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BindingConvertersTest {
    private Server server;

    /** An enum bound by name. */
    public enum Color {
        RED, GREEN
    }

    /** A user type with a static parse factory. */
    public record Sku(String code) {
        public static Sku parse(String text) {
            if (!text.matches("[A-Z]{3}-\\d+")) {
                throw new IllegalArgumentException("bad sku");
            }
            return new Sku(text);
        }
    }

    /** A user type converted by a registered converter. */
    public record Point(int x, int y) {
    }

    @Controller("/c")
    public static final class Echo {
        @Get("/int")
        public String ints(int a, Integer b, long c, Long d, short e, byte f) {
            return a + " " + b + " " + c + " " + d + " " + e + " " + f;
        }

        @Get("/float")
        public String floats(double a, Double b, float c, boolean d, Boolean e, char f) {
            return a + " " + b + " " + c + " " + d + " " + e + " " + f;
        }

        @Get("/values")
        public String values(UUID id, BigDecimal amount, Instant at, LocalDate day,
                LocalDateTime local, OffsetDateTime offset, Duration wait) {
            return id + " " + amount + " " + at + " " + day + " " + local + " " + offset + " "
                    + wait;
        }

        @Get("/more")
        public String more(BigInteger big, LocalTime time, ZonedDateTime zoned) {
            return big + " " + time + " " + zoned;
        }

        @Get("/enum")
        public String enums(Color exact, @IgnoreCase Color loose, List<Color> all) {
            return exact + " " + loose + " " + all;
        }

        @Get("/user")
        public String user(Sku sku, Point point) {
            return sku.code() + " " + point.x() + "," + point.y();
        }

        @Get("/typed/{a:int}/{b:long}/{c:uuid}")
        public String typed(int a, Long b, Optional<UUID> c) {
            return a + " " + b + " " + c.orElseThrow();
        }

        @Get("/retyped/{a:int}/{b:long}/{c}")
        public String retyped(long a, int b, Integer c) {
            return a + " " + b + " " + c;
        }
    }

    /** A path parameter whose type has a converter of the application's. */
    @Controller("/own")
    public static final class Tenths {
        @Get("/{n:int}")
        public String tenths(Integer n) {
            return String.valueOf(n);
        }
    }

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.converter(Point.class, text -> {
            String[] parts = text.split(",");
            return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        });
        app.controller(Echo.class);
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void convertsIntegersAndTheirBoxes() {
        assertThat(get("/c/int?a=-1&b=2&c=3000000000&d=4&e=5&f=6"))
                .isEqualTo("-1 2 3000000000 4 5 6");
    }

    @Test
    void convertsDecimalsBooleansAndCharacters() {
        assertThat(get("/c/float?a=1.5&b=-2&c=0.25&d=true&e=FALSE&f=x"))
                .isEqualTo("1.5 -2.0 0.25 true false x");
    }

    @Test
    void convertsUuidsDecimalsTimesAndDurations() {
        String id = "123e4567-e89b-12d3-a456-426614174000";
        assertThat(get("/c/values?id=" + id + "&amount=12.50&at=2024-01-31T10:15:30Z"
                + "&day=2024-02-29&local=2024-01-31T10:15:30&offset=2024-01-31T10:15:30%2B01:00"
                + "&wait=PT30S")).isEqualTo(id + " 12.50 2024-01-31T10:15:30Z 2024-02-29 "
                        + "2024-01-31T10:15:30 2024-01-31T10:15:30+01:00 PT30S");
    }

    @Test
    void convertsBigIntegersTimesAndZonedDateTimes() {
        assertThat(get("/c/more?big=123456789012345678901234567890&time=10:15"
                + "&zoned=2024-01-31T10:15:30%2B01:00%5BEurope/Paris%5D"))
                .isEqualTo("123456789012345678901234567890 10:15 "
                        + "2024-01-31T10:15:30+01:00[Europe/Paris]");
    }

    @Test
    void convertsEnumsByExactNameOrIgnoringCaseWhenAsked() throws Exception {
        assertThat(get("/c/enum?exact=RED&loose=green&all=RED&all=GREEN"))
                .isEqualTo("RED GREEN [RED, GREEN]");

        RawResponse wrong = Requests.get(server, "/c/enum?exact=red&loose=blue");
        assertThat(BindingSourcesTest.errors(wrong)).containsExactly(
                Map.of("in", "query", "name", "exact", "detail", "Expected one of RED, GREEN."),
                Map.of("in", "query", "name", "loose",
                        "detail", "Expected one of RED, GREEN (any case)."));
    }

    @Test
    void convertsUserTypesByStaticFactoryOrRegisteredConverter() throws Exception {
        assertThat(get("/c/user?sku=ABC-12&point=3,4")).isEqualTo("ABC-12 3,4");

        RawResponse wrong = Requests.get(server, "/c/user?sku=abc&point=3");
        assertThat(BindingSourcesTest.errors(wrong)).containsExactly(
                Map.of("in", "query", "name", "sku", "detail", "Expected a valid Sku."),
                Map.of("in", "query", "name", "point", "detail", "Expected a valid Point."));
    }

    @Test
    void convertsTypedPathParametersToTheParameterType() throws Exception {
        String id = "123e4567-e89b-12d3-a456-426614174000";
        assertThat(get("/c/typed/-7/3000000000/" + id)).isEqualTo("-7 3000000000 " + id);
        assertThat(get("/c/retyped/7/8/9")).isEqualTo("7 8 9");

        RawResponse wrong = Requests.get(server, "/c/retyped/7/3000000000/x");
        assertThat(BindingSourcesTest.errors(wrong)).containsExactly(
                Map.of("in", "path", "name", "b", "detail", "Expected an integer."),
                Map.of("in", "path", "name", "c", "detail", "Expected an integer."));
    }

    @Test
    void appliesTheApplicationsConverterToATypedPathParameter() {
        App app = TestServers.app();
        app.converter(Integer.class, text -> Integer.parseInt(text) * 10);
        app.controller(Tenths.class);
        Server own = TestServers.start(app);
        try {
            RawResponse response = Requests.get(own, "/own/4");
            assertThat(response.text()).isEqualTo("40");
        } finally {
            own.stop();
        }
    }

    @Test
    void rejectsValuesEachConverterDoesNotAccept() throws Exception {
        RawResponse ints = Requests.get(server, "/c/int?a=1.5&b=x&c=9223372036854775808&d=&e=40000&f=128");
        RawResponse floats = Requests.get(server, "/c/float?a=NaN&b=1e999&c=x&d=yes&e=1&f=xy");
        RawResponse values = Requests.get(server, "/c/values?id=1-2-3-4-5&amount=ten&at=2024"
                + "&day=2024-02-30&local=x&offset=2024-01-31T10:15:30&wait=30s");

        assertThat(BindingSourcesTest.errors(ints)).extracting(e -> e.get("detail"))
                .containsExactly("Expected an integer.", "Expected an integer.",
                        "Expected an integer.", "Expected an integer.",
                        "Expected an integer from -32768 to 32767.",
                        "Expected an integer from -128 to 127.");
        assertThat(BindingSourcesTest.errors(floats)).hasSize(6);
        assertThat(BindingSourcesTest.errors(values)).extracting(e -> e.get("name"))
                .containsExactly("id", "amount", "at", "day", "local", "offset", "wait");
    }

    private String get(String target) {
        RawResponse response = Requests.get(server, target);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.text();
    }
}
