package dev.merino.auth;

import static dev.merino.auth.AuthClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.http.Cookie;
import dev.merino.http.Response;
import dev.merino.testing.TestServers;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignedCookieOverSocketsTest {
    private final MutableClock clock = new MutableClock();
    private Server server;

    private static byte[] key(int size) {
        byte[] key = new byte[size];
        new SecureRandom().nextBytes(key);
        AuthSecrets.remember(Base64.getEncoder().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        return key;
    }

    private SignedCookieAuthenticator serve(SignedCookieAuthenticator sessions) {
        App app = TestServers.app();
        app.filter(Auth.builder().scheme(sessions)
                .policy(Policy.builder("acme").claimEquals("tenant", "acme").build())
                .defaultPolicy(Policy.AUTHENTICATED).build());
        app.post("/login", Auth.allowAnonymous(), request -> Response.noContent()
                .withCookie(sessions.issue(new Identity("ada", Map.of("tenant", "acme"),
                        Set.of("admin"), "Password"))));
        app.get("/me", Auth.policy("acme"), request -> {
            Identity identity = Identity.require(request);
            return identity.name() + " " + identity.roles() + " " + identity.scheme();
        });
        server = TestServers.start(app);
        return sessions;
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String login() throws Exception {
        HttpResponse<String> response = TestServers.client().send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(TestServers.base(server) + "/login"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("Secure").contains("SameSite=Lax");
        String pair = setCookie.substring(0, setCookie.indexOf(';'));
        AuthSecrets.remember(pair.substring(pair.indexOf('=') + 1));
        return pair;
    }

    @Test
    void restoresTheIdentityFromASignedCookie() throws Exception {
        serve(SignedCookieAuthenticator.of("session", key(32)).withClock(clock));

        HttpResponse<String> response = get(server, "/me", "Cookie", login());

        assertThat(response.body()).isEqualTo("ada [admin] Cookie");
    }

    @Test
    void restoresTheIdentityFromAnEncryptedCookieThatHidesTheClaims() throws Exception {
        serve(SignedCookieAuthenticator.of("session", key(32)).withEncryption(key(16))
                .withClock(clock));
        String cookie = login();

        String body = cookie.substring(cookie.indexOf('=') + 1, cookie.lastIndexOf('.'));
        assertThat(new String(Base64.getUrlDecoder().decode(body),
                java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("acme");
        assertThat(get(server, "/me", "Cookie", cookie).body()).isEqualTo("ada [admin] Cookie");
    }

    @Test
    void refusesATamperedCookie() throws Exception {
        serve(SignedCookieAuthenticator.of("session", key(32)).withClock(clock));
        String cookie = login();
        int dot = cookie.lastIndexOf('.');
        String body = new String(Base64.getUrlDecoder().decode(
                cookie.substring(cookie.indexOf('=') + 1, dot)));
        String forged = "session=" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                body.replace("ada", "eve").getBytes()) + cookie.substring(dot);

        HttpResponse<String> response = get(server, "/me", "Cookie", forged);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Cookie realm=\"app\", name=\"session\"");
        assertThat(response.body()).contains("The session cookie is not valid.");
    }

    @Test
    void refusesACookieSignedWithAnotherKey() throws Exception {
        SignedCookieAuthenticator other = SignedCookieAuthenticator.of("session", key(32));
        Cookie foreign = other.issue(Identity.of("eve", "Password", "admin"));
        AuthSecrets.remember(foreign.value());
        serve(SignedCookieAuthenticator.of("session", key(32)).withClock(clock));

        assertThat(get(server, "/me", "Cookie", "session=" + foreign.value()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesAnExpiredCookie() throws Exception {
        serve(SignedCookieAuthenticator.of("session", key(32)).withMaxAge(Duration.ofMinutes(5))
                .withClock(clock));
        String cookie = login();
        clock.advance(Duration.ofMinutes(6));

        HttpResponse<String> response = get(server, "/me", "Cookie", cookie);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The session cookie has expired.");
    }
}
