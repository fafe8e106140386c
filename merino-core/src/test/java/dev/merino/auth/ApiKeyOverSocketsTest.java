package dev.merino.auth;

import static dev.merino.auth.AuthClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.TestServers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeyOverSocketsTest {
    private static final String KEY = AuthSecrets.remember("key-" + System.nanoTime());
    private static Server server;

    @BeforeAll
    static void start() {
        var keys = ApiKeyAuthenticator.keys(Map.of(KEY, Identity.of("robot", "ApiKey")));
        App app = TestServers.app();
        app.filter(Auth.builder()
                .scheme(ApiKeyAuthenticator.query("api_key", keys))
                .scheme(ApiKeyAuthenticator.cookie("api_key", keys).withRealm("cookies"))
                .defaultPolicy(Policy.AUTHENTICATED).build());
        app.get("/me", request -> Identity.require(request).name());
        server = TestServers.start(app);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void acceptsAKeyInTheQuery() throws Exception {
        assertThat(get(server, "/me?api_key=" + KEY).body()).isEqualTo("robot");
    }

    @Test
    void acceptsAKeyInACookie() throws Exception {
        assertThat(get(server, "/me", "Cookie", "theme=dark; api_key=" + KEY).body())
                .isEqualTo("robot");
    }

    @Test
    void refusesAnUnknownKeyWithTheFailingSchemesError() throws Exception {
        HttpResponse<String> response = get(server, "/me",
                "Cookie", "api_key=" + AuthSecrets.remember("nope-" + KEY));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(
                "ApiKey realm=\"api\", in=\"query\", name=\"api_key\"",
                "ApiKey realm=\"cookies\", in=\"cookie\", name=\"api_key\","
                        + " error=\"invalid_key\"");
        assertThat(response.body()).contains("The API key is not valid.").doesNotContain(KEY);
    }

    @Test
    void refusesAKeySentWhereNoSchemeReadsIt() throws Exception {
        HttpResponse<String> response = get(server, "/me", "X-Api-Key", KEY);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("Authentication is required.");
    }
}
