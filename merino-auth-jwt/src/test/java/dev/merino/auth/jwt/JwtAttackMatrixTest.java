package dev.merino.auth.jwt;

import static dev.merino.auth.AuthClient.get;
import static dev.merino.auth.jwt.Issuer.bearer;
import static dev.merino.auth.jwt.Issuer.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.merino.App;
import dev.merino.Server;
import dev.merino.auth.Auth;
import dev.merino.auth.AuthSecrets;
import dev.merino.auth.Identity;
import dev.merino.auth.Policy;
import dev.merino.testing.TestServers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each attack is answered 401 with RFC 6750's error, a description, and no trace of the token. */
class JwtAttackMatrixTest {
    private static Issuer issuer;
    private static RSAKey rsa;
    private static Server server;
    private static Server withSecret;

    @BeforeAll
    static void start() throws Exception {
        issuer = new Issuer();
        rsa = Issuer.rsaKey("rsa-main");
        issuer.publish(rsa);
        byte[] secret = new byte[48];
        new java.security.SecureRandom().nextBytes(secret);
        AuthSecretsBytes.remember(secret);
        server = serve(base().build());
        withSecret = serve(base().hmacSecret(secret).build());
    }

    private static JwtAuthenticator.Builder base() {
        return JwtAuthenticator.builder().jwks(issuer.jwksUri()).issuer(issuer.issuer())
                .audience(Issuer.AUDIENCE).clockSkew(Duration.ofSeconds(60));
    }

    private static Server serve(JwtAuthenticator jwt) {
        App app = TestServers.app();
        app.filter(Auth.builder().scheme(jwt).defaultPolicy(Policy.AUTHENTICATED).build());
        app.get("/me", request -> Identity.require(request).name());
        return TestServers.start(app);
    }

    @AfterAll
    static void stop() {
        server.stop();
        withSecret.stop();
        issuer.close();
    }

    private static void assertRefused(Server target, String token, String error,
            String description) throws Exception {
        assertRefused(get(target, "/me", bearer(token)), token, error, description);
    }

    private static void assertRefused(HttpResponse<String> response, String token, String error,
            String description) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(
                "Bearer realm=\"api\", error=\"" + error + "\", error_description=\""
                        + description + "\"");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(response.body()).contains(description).doesNotContain(token);
        for (String part : token.split("\\.")) {
            if (part.length() > 8) {
                assertThat(response.body()).doesNotContain(part);
            }
        }
    }

    @Test
    void validTokenIsAcceptedSoTheRefusalsBelowAreTheAttacks() throws Exception {
        String token = sign(rsa, issuer.claims("ada").build());

        assertThat(get(server, "/me", bearer(token)).body()).isEqualTo("ada");
    }

    @Test
    void refusesAlgNone() throws Exception {
        String token = AuthSecrets.remember(new PlainJWT(issuer.claims("root").build())
                .serialize());

        assertRefused(server, token, "invalid_token",
                "The token is not signed with an accepted algorithm.");
        assertRefused(withSecret, token, "invalid_token",
                "The token is not signed with an accepted algorithm.");
    }

    @Test
    void refusesHmacTokenSignedWithTheRsaPublicKey() throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(rsa.getKeyID()).build(), issuer.claims("root").build());
        forged.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
        String token = AuthSecrets.remember(forged.serialize());

        assertRefused(server, token, "invalid_token",
                "The token is not signed with an accepted algorithm.");
        assertRefused(withSecret, token, "invalid_token", "The token's signature is not valid.");
    }

    @Test
    void refusesExpiredToken() throws Exception {
        Instant past = Instant.now().minus(Duration.ofMinutes(2));
        String token = sign(rsa, issuer.claims("ada").expirationTime(Date.from(past)).build());

        assertRefused(server, token, "invalid_token", "The token has expired.");
    }

    @Test
    void acceptsTokenExpiredWithinTheClockSkew() throws Exception {
        Instant justNow = Instant.now().minus(Duration.ofSeconds(20));
        String token = sign(rsa, issuer.claims("ada").expirationTime(Date.from(justNow)).build());

        assertThat(get(server, "/me", bearer(token)).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesTokenNotYetValid() throws Exception {
        Instant later = Instant.now().plus(Duration.ofMinutes(5));
        String token = sign(rsa, issuer.claims("ada").notBeforeTime(Date.from(later)).build());

        assertRefused(server, token, "invalid_token", "The token is not valid yet.");
    }

    @Test
    void refusesTokenWithoutExpiry() throws Exception {
        String token = sign(rsa, issuer.claims("ada").expirationTime(null).build());

        assertRefused(server, token, "invalid_token", "The token has no expiry time.");
    }

    @Test
    void refusesWrongIssuer() throws Exception {
        String token = sign(rsa, issuer.claims("ada").issuer("http://127.0.0.1:9/evil").build());

        assertRefused(server, token, "invalid_token", "The token's issuer is not accepted.");
    }

    @Test
    void refusesWrongAudience() throws Exception {
        String token = sign(rsa, issuer.claims("ada").audience("another-api").build());

        assertRefused(server, token, "invalid_token", "The token's audience is not accepted.");
    }

    @Test
    void refusesTamperedPayload() throws Exception {
        String[] parts = sign(rsa, issuer.claims("ada").build()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("\"ada\"", "\"root\"");
        String token = AuthSecrets.remember(parts[0] + "." + Base64.getUrlEncoder()
                .withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2]);

        assertRefused(server, token, "invalid_token", "The token's signature is not valid.");
    }

    @Test
    void refusesTokenSignedByAnotherKeyUnderAKnownKeyId() throws Exception {
        RSAKey impostor = Issuer.rsaKey(rsa.getKeyID());
        String token = sign(impostor, issuer.claims("root").build());

        assertRefused(server, token, "invalid_token", "The token's signature is not valid.");
    }

    @Test
    void refusesUnknownKeyId() throws Exception {
        String token = sign(Issuer.rsaKey("ghost"), issuer.claims("ada").build());

        assertRefused(server, token, "invalid_token", "The token's signing key is unknown.");
    }

    @Test
    void refusesMalformedTokens() throws Exception {
        for (String token : new String[] {"garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.%%%.x",
                "..", AuthSecrets.remember(sign(rsa, issuer.claims("ada").build()) + "x.y")}) {
            assertRefused(server, token, "invalid_token", "The token is malformed.");
        }
    }

    @Test
    void refusesTokenInTheQueryString() throws Exception {
        String token = sign(rsa, issuer.claims("ada").build());

        assertRefused(get(server, "/me?access_token=" + token), token, "invalid_request",
                "Send the bearer token in the Authorization header; the query string is not"
                        + " accepted.");
    }

    @Test
    void challengesWithoutErrorWhenNoTokenIsSent() throws Exception {
        HttpResponse<String> response = get(server, "/me");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"api\"");
    }
}
