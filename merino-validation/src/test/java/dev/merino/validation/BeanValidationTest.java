package dev.merino.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.binding.FromBody;
import dev.merino.binding.FromForm;
import dev.merino.binding.FromQuery;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.controller.Post;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BeanValidationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private Server server;

    /** An address inside the body. */
    public record Address(@NotBlank String city, @Size(min = 5, max = 5) String zip) {
    }

    /** A JSON body with constraints. */
    public record NewUser(@NotBlank String name, @Email String email, @Valid Address address) {
    }

    /** A form body with constraints. */
    public record Search(@Size(max = 3) String term) {
    }

    @Controller("/v")
    public static final class Users {
        @Post("/users")
        public String create(@FromBody @Valid NewUser user, @FromQuery @Min(1) @Max(5) int page) {
            return "created " + user.name();
        }

        @Post("/search")
        public String search(@FromForm @Valid Search search) {
            return "found " + search.term();
        }

        @Get("/plain")
        public String plain(@FromQuery int n) {
            return "n " + n;
        }
    }

    @BeforeEach
    void start() {
        App app = Merino.app(ServerConfig.defaults().withHost("127.0.0.1").withIoThreads(1));
        app.validator(BeanValidation.create());
        app.controller(Users.class);
        server = app.start(0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void answersConstraintViolationsOfBodiesAndParametersWith422() throws Exception {
        HttpResponse<String> response = post("/v/users?page=9", "application/json",
                "{\"name\":\" \",\"email\":\"nope\",\"address\":{\"city\":\"Oslo\",\"zip\":\"1\"}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(errors(response)).containsExactly(
                Map.of("in", "body", "name", "address.zip",
                        "detail", "size must be between 5 and 5"),
                Map.of("in", "body", "name", "email",
                        "detail", "must be a well-formed email address"),
                Map.of("in", "body", "name", "name", "detail", "must not be blank"),
                Map.of("in", "query", "name", "page",
                        "detail", "must be less than or equal to 5"));
    }

    @Test
    void passesValidArguments() throws Exception {
        HttpResponse<String> response = post("/v/users?page=2", "application/json",
                "{\"name\":\"Ada\",\"email\":\"ada@example.com\","
                        + "\"address\":{\"city\":\"Oslo\",\"zip\":\"12345\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("created Ada");
    }

    @Test
    void validatesFormRecords() throws Exception {
        HttpResponse<String> response = post("/v/search", "application/x-www-form-urlencoded",
                "term=toolong");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(errors(response)).containsExactly(Map.of("in", "body", "name", "term",
                "detail", "size must be between 0 and 3"));
    }

    @Test
    void reportsConversionErrorsAs400BeforeValidating() throws Exception {
        HttpResponse<String> response = post("/v/users?page=x", "application/json",
                "{\"name\":\"\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errors(response)).containsExactly(
                Map.of("in", "query", "name", "page", "detail", "Expected an integer."));
    }

    @Test
    void leavesMethodsWithoutConstraintsAlone() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                uri("/v/plain?n=3")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("n 3");
    }

    private HttpResponse<String> post(String target, String type, String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(uri(target)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String target) {
        return URI.create("http://127.0.0.1:" + server.port() + target);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(HttpResponse<String> response) {
        return (List<Map<String, Object>>) JSON.readValue(response.body(), Map.class)
                .get("errors");
    }
}
