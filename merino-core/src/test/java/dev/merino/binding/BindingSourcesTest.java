package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.controller.Post;
import dev.merino.http.Request;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BindingSourcesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private Server server;

    /** A JSON body. */
    public record Item(String name, int count) {
    }

    /** A form body. */
    public record Signup(String name, int age, Optional<String> nickname,
            @Default("basic") String plan, List<String> tags) {
    }

    @Controller("/b")
    public static final class Sources {

        @Get("/path/{id:int}/{slug}")
        public String path(@FromPath int id, @FromPath("slug") String name) {
            return id + " " + name;
        }

        @Get("/inferred/{id}")
        public String inferred(long id, String q) {
            return id + " " + q;
        }

        @Get("/query")
        public String query(@FromQuery int page, @FromQuery("size") Integer pageSize) {
            return page + " " + pageSize;
        }

        @Get("/header")
        public String header(@FromHeader("X-Trace") UUID trace, @FromHeader("Accept") List<String> accept) {
            return trace + " " + accept;
        }

        @Get("/cookie")
        public String cookie(@FromCookie String session) {
            return "session " + session;
        }

        @Get("/optional")
        public String optional(@FromQuery Optional<Integer> limit, @FromQuery @Default("10") int size,
                @FromQuery @Nullable String filter, @FromQuery Optional<String> sort) {
            return limit + " " + size + " " + filter + " " + sort;
        }

        @Get("/many")
        public String many(@FromQuery List<Integer> n, @FromQuery Set<String> tag) {
            return n + " " + tag;
        }

        @Post("/json")
        public Item json(@FromBody Item item) {
            return new Item(item.name().toUpperCase(), item.count() + 1);
        }

        @Post("/json-list")
        public String jsonList(@FromBody List<Item> items) {
            return items.size() + " " + items.get(1).name();
        }

        @Post("/json-optional")
        public String jsonOptional(@FromBody Optional<Item> item) {
            return item.map(Item::name).orElse("none");
        }

        @Post("/text")
        public String text(@FromBody String body) {
            return "text " + body.length();
        }

        @Post("/bytes")
        public String bytes(@FromBody byte[] body) {
            return "bytes " + body.length;
        }

        @Post("/stream")
        public String stream(@FromBody InputStream body) throws IOException {
            return "stream " + new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }

        @Post("/form")
        public Signup form(@FromForm Signup signup) {
            return signup;
        }

        @Get("/request")
        public String request(Request request, @FromQuery String q) {
            return request.path() + " " + q;
        }

        @Get("/combined/{id:int}")
        public String combined(@FromPath int id, @FromQuery int page, @FromHeader("X-Count") long count,
                @FromCookie("token") String token, @FromQuery UUID ref) {
            return "unreachable";
        }

        @Post("/combined-body")
        public String combinedBody(@FromQuery int page, @FromBody Item item) {
            return "unreachable";
        }

        @Get("/void")
        public void nothing() {
        }
    }

    /** A parameter annotation recognised by its simple name. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Nullable {
    }

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.controller(Sources.class);
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void bindsPathParametersByAnnotationAndName() {
        assertThat(Requests.get(server, "/b/path/42/hello%20world").text())
                .isEqualTo("42 hello world");
    }

    @Test
    void bindsUnannotatedParametersFromThePathOrTheQuery() {
        assertThat(Requests.get(server, "/b/inferred/7?q=x").text()).isEqualTo("7 x");
    }

    @Test
    void bindsQueryParameters() {
        assertThat(Requests.get(server, "/b/query?page=2&size=30").text()).isEqualTo("2 30");
    }

    @Test
    void bindsHeadersIncludingRepeatedLinesIntoAList() {
        UUID trace = UUID.randomUUID();
        RawResponse response = Requests.get(server, "/b/header", "X-Trace: " + trace,
                "Accept: text/plain", "Accept: application/json");

        assertThat(response.text()).isEqualTo(trace + " [text/plain, application/json]");
    }

    @Test
    void bindsCookies() {
        assertThat(Requests.get(server, "/b/cookie", "Cookie: a=1; session=abc").text())
                .isEqualTo("session abc");
    }

    @Test
    void appliesOptionalsDefaultsAndNullablesWhenAbsent() {
        assertThat(Requests.get(server, "/b/optional").text())
                .isEqualTo("Optional.empty 10 null Optional.empty");
        assertThat(Requests.get(server, "/b/optional?limit=5&size=3&filter=f&sort=name").text())
                .isEqualTo("Optional[5] 3 f Optional[name]");
    }

    @Test
    void bindsRepeatedQueryParametersIntoListsAndSets() {
        assertThat(Requests.get(server, "/b/many?n=1&n=2&n=1&tag=a&tag=b&tag=a").text())
                .isEqualTo("[1, 2, 1] [a, b]");
        assertThat(Requests.get(server, "/b/many").text()).isEqualTo("[] []");
    }

    @Test
    void bindsJsonBodiesIncludingGenericTypesAndOptionals() throws Exception {
        RawResponse item = Requests.callWithText(server, "POST", "/b/json",
                "{\"name\":\"pen\",\"count\":2}", "Content-Type: application/json");
        RawResponse list = Requests.callWithText(server, "POST", "/b/json-list",
                "[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":2}]",
                "Content-Type: application/json");
        RawResponse none = Requests.call(server, "POST", "/b/json-optional", new byte[0]);

        assertThat(JSON.readTree(item.body()).toString()).isEqualTo("{\"name\":\"PEN\",\"count\":3}");
        assertThat(list.text()).isEqualTo("2 b");
        assertThat(none.text()).isEqualTo("none");
    }

    @Test
    void bindsTheRawBodyAsTextBytesOrStream() {
        assertThat(Requests.callWithText(server, "POST", "/b/text", "héllo",
                "Content-Type: text/plain; charset=utf-8").text()).isEqualTo("text 5");
        assertThat(Requests.callWithText(server, "POST", "/b/bytes", "héllo").text())
                .isEqualTo("bytes 6");
        assertThat(Requests.callWithText(server, "POST", "/b/stream", "abc").text())
                .isEqualTo("stream abc");
    }

    @Test
    void bindsAnUrlencodedFormIntoARecord() throws Exception {
        RawResponse response = Requests.callWithText(server, "POST", "/b/form",
                "name=Ada+L&age=36&tags=x&tags=y",
                "Content-Type: application/x-www-form-urlencoded");

        assertThat(response.status()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).toString()).isEqualTo(
                "{\"name\":\"Ada L\",\"age\":36,\"nickname\":null,\"plan\":\"basic\","
                        + "\"tags\":[\"x\",\"y\"]}");
    }

    @Test
    void reportsInvalidFormFieldsInTheBody() throws Exception {
        RawResponse response = Requests.callWithText(server, "POST", "/b/form", "age=old",
                "Content-Type: application/x-www-form-urlencoded");

        assertThat(response.status()).isEqualTo(400);
        assertThat(errors(response)).containsExactly(
                Map.of("in", "body", "name", "name", "detail", "Required."),
                Map.of("in", "body", "name", "age", "detail", "Expected an integer."));
    }

    @Test
    void givesTheRequestItself() {
        assertThat(Requests.get(server, "/b/request?q=1").text()).isEqualTo("/b/request 1");
    }

    @Test
    void answersAVoidMethodWith204() {
        assertThat(Requests.get(server, "/b/void").status()).isEqualTo(204);
    }

    @Test
    void reportsEveryBindingErrorOfARequestInOne400() throws Exception {
        RawResponse response = Requests.get(server, "/b/combined/1?page=two&ref=nope",
                "X-Count: many");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("instance").asString()).isEqualTo("/b/combined/1");
        assertThat(errors(response)).containsExactly(
                Map.of("in", "query", "name", "page", "detail", "Expected an integer."),
                Map.of("in", "header", "name", "X-Count", "detail", "Expected an integer."),
                Map.of("in", "cookie", "name", "token", "detail", "Required."),
                Map.of("in", "query", "name", "ref", "detail", "Expected a UUID."));
    }

    @Test
    void neverEchoesTheRejectedValue() {
        RawResponse response = Requests.get(server, "/b/query?page=<script>&size=1");

        assertThat(response.text()).doesNotContain("script");
    }

    @Test
    void reportsMalformedJsonWithLineAndColumnAmongTheOtherErrors() throws Exception {
        RawResponse response = Requests.callWithText(server, "POST", "/b/combined-body?page=x",
                "{\n  \"name\": \"a\",\n  \"count\": }", "Content-Type: application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(errors(response)).containsExactly(
                Map.of("in", "query", "name", "page", "detail", "Expected an integer."),
                Map.of("in", "body", "name", "body",
                        "detail", "Not valid JSON (line 3, column 12)."));
    }

    @Test
    void reportsJsonOfTheWrongShapeWithItsProperty() throws Exception {
        RawResponse response = Requests.callWithText(server, "POST", "/b/json",
                "{\"name\":\"a\",\"count\":\"many\"}", "Content-Type: application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(errors(response)).singleElement().satisfies(error -> {
            assertThat(error).containsEntry("in", "body").containsEntry("name", "count");
            assertThat((String) error.get("detail")).startsWith("Does not match the expected shape (line 1");
        });
    }

    @Test
    void requiresABodyForARequiredJsonParameter() throws Exception {
        RawResponse response = Requests.call(server, "POST", "/b/json", new byte[0]);

        assertThat(errors(response)).containsExactly(
                Map.of("in", "body", "name", "body", "detail", "Required: a JSON body."));
    }

    @Test
    void refusesABodyOfAnotherMediaTypeWith415() {
        RawResponse json = Requests.callWithText(server, "POST", "/b/json", "name=a",
                "Content-Type: text/plain");
        RawResponse form = Requests.callWithText(server, "POST", "/b/form", "{}",
                "Content-Type: application/json");

        assertThat(json.status()).isEqualTo(415);
        assertThat(form.status()).isEqualTo(415);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> errors(RawResponse response) throws Exception {
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        return (List<Map<String, Object>>) body.get("errors");
    }
}
