package dev.merino.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.Server;
import dev.merino.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The answers the README documents for the example, checked against the running app. */
class HelloAppTest {
    private static final String ADMIN_PASSWORD = "test-" + System.nanoTime();
    private static Server server;
    private static final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        server = HelloApp.create(ServerConfig.defaults().withHost("127.0.0.1"),
                ADMIN_PASSWORD).start(0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    @Test
    void theAdminRouteAsksForCredentialsWith401AndItsChallenge() throws Exception {
        HttpResponse<String> response = send(at("/admin/stats"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Basic realm=\"hello admin\", charset=\"UTF-8\"");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
    }

    @Test
    void theAdminRouteRefusesAWrongPassword() throws Exception {
        HttpResponse<String> response = send(at("/admin/stats")
                .header("Authorization", basic("admin", "guess")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The user name or password is not valid.");
    }

    @Test
    void theAdminRouteServesTheAdmin() throws Exception {
        HttpResponse<String> response = send(at("/admin/stats")
                .header("Authorization", basic("admin", ADMIN_PASSWORD)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"users\":").endsWith("\"viewer\":\"admin\"}");
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void greetsByName() throws Exception {
        HttpResponse<String> response = send(at("/hello/World"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello, World!");
        assertThat(response.headers().firstValue("X-Response-Time")).isPresent();
    }

    @Test
    void returnsAUserAsJson() throws Exception {
        HttpResponse<String> response = send(at("/users/1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .isEqualTo("{\"id\":1,\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
    }

    @Test
    void createsAUserFromJson() throws Exception {
        HttpResponse<String> response = send(at("/users")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"Bob\",\"email\":\"bob@example.com\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).matches("/users/\\d+"));
        assertThat(response.body()).contains("\"name\":\"Bob\"");
    }

    @Test
    void answersAnUnknownUserWithItsOwnProblem() throws Exception {
        HttpResponse<String> response = send(at("/users/7"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"User not"
                + " found\",\"status\":404,\"detail\":\"There is no user 7.\",\"instance\":"
                + "\"/users/7\",\"userId\":7}");
    }

    @Test
    void refusesAWrongMethodWithAllow() throws Exception {
        HttpResponse<String> response = send(at("/users/1").DELETE());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    }

    @Test
    void refusesAnInvalidUserWith422ListingEachViolation() throws Exception {
        HttpResponse<String> response = send(at("/users")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"x\"}")));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"errors\":[{\"in\":\"body\",\"name\":\"email\","
                + "\"detail\":\"must be a well-formed email address\"},{\"in\":\"body\","
                + "\"name\":\"name\",\"detail\":\"must not be blank\"}]");
    }

    @Test
    void refusesAMalformedPageWith400() throws Exception {
        HttpResponse<String> response = send(at("/users?limit=many"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("{\"in\":\"query\",\"name\":\"limit\","
                + "\"detail\":\"Expected an integer.\"}");
    }
}
