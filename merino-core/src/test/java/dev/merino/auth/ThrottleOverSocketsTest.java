package dev.merino.auth;

import static dev.merino.auth.AuthClient.basic;
import static dev.merino.auth.AuthClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThrottleOverSocketsTest {
    private static final String PASSWORD = AuthSecrets.remember("throttle-" + System.nanoTime());

    private final MutableClock clock = new MutableClock();
    private Server server;

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.filter(Auth.builder()
                .scheme(BasicAuthenticator.of("test", (user, password) ->
                        password.equals(PASSWORD) ? Optional.of(Identity.of(user, "Basic"))
                                : Optional.empty()))
                .defaultPolicy(Policy.AUTHENTICATED)
                .throttle(FailureThrottle.of(3, Duration.ofMinutes(1)).withClock(clock))
                .build());
        app.get("/private", request -> "secret stuff");
        app.get("/public", Auth.allowAnonymous(), request -> "public stuff");
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void answers429WithRetryAfterOnceTheClientFailedTooOften() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(server, "/private", "Authorization", basic("ada", "guess" + i))
                    .statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = get(server, "/private",
                "Authorization", basic("ada", PASSWORD));

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(throttled.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(throttled.body()).doesNotContain(PASSWORD);
    }

    @Test
    void letsTheClientInAgainOnceTheWindowEnds() throws Exception {
        for (int i = 0; i < 3; i++) {
            get(server, "/private", "Authorization", basic("ada", "guess" + i));
        }
        clock.advance(Duration.ofSeconds(45));
        assertThat(get(server, "/private", "Authorization", basic("ada", PASSWORD))
                .headers().firstValue("Retry-After")).hasValue("15");

        clock.advance(Duration.ofSeconds(16));

        assertThat(get(server, "/private", "Authorization", basic("ada", PASSWORD)).body())
                .isEqualTo("secret stuff");
    }

    @Test
    void doesNotCountRequestsWithoutCredentials() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get(server, "/private").statusCode()).isEqualTo(401);
        }

        assertThat(get(server, "/private", "Authorization", basic("ada", PASSWORD)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void leavesRoutesOpenToAnonymousRequestsAlone() throws Exception {
        for (int i = 0; i < 3; i++) {
            get(server, "/private", "Authorization", basic("ada", "guess" + i));
        }

        assertThat(get(server, "/public").statusCode()).isEqualTo(200);
    }
}
