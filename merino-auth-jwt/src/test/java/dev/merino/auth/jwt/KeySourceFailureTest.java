package dev.merino.auth.jwt;

import static dev.merino.auth.AuthClient.get;
import static dev.merino.auth.jwt.Issuer.bearer;
import static dev.merino.auth.jwt.Issuer.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.merino.App;
import dev.merino.Server;
import dev.merino.auth.Auth;
import dev.merino.auth.AuthSecrets;
import dev.merino.auth.Identity;
import dev.merino.auth.Policy;
import dev.merino.testing.LogCapture;
import dev.merino.testing.TestServers;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What happens when the keys cannot be had, or the configuration would accept too much. */
class KeySourceFailureTest {
    private Issuer issuer;
    private RSAKey rsa;
    private Server server;

    @BeforeEach
    void keys() throws Exception {
        issuer = new Issuer();
        rsa = Issuer.rsaKey("rsa-f");
        issuer.publish(rsa);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        issuer.close();
    }

    private void serve(JwtAuthenticator jwt) {
        App app = TestServers.app();
        app.filter(Auth.builder().scheme(jwt).defaultPolicy(Policy.AUTHENTICATED).build());
        app.get("/me", request -> Identity.require(request).name());
        server = TestServers.start(app);
    }

    private static long warnings() {
        return LogCapture.events().stream().filter(e -> e.getLevel() == Level.WARN)
                .filter(e -> e.getLoggerName().equals("dev.merino.auth.jwt")).count();
    }

    @Test
    void refusesDiscoveryDocumentThatNamesAnotherIssuer() throws Exception {
        long before = warnings();
        String configured = issuer.issuer() + "/";
        serve(JwtAuthenticator.builder().discovery(configured).audience(Issuer.AUDIENCE)
                .build());
        String token = sign(rsa, issuer.claims("ada").issuer(configured).build());

        HttpResponse<String> response = get(server, "/me", bearer(token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The token's signing key is unknown.");
        assertThat(issuer.jwksFetches()).isZero();
        assertThat(warnings()).isEqualTo(before + 1);
    }

    @Test
    void refusesTokensAndWarnsWhenTheKeySetCannotBeFetched() throws Exception {
        URI jwks = issuer.jwksUri();
        String iss = issuer.issuer();
        String token = sign(rsa, issuer.claims("ada").build());
        issuer.close();
        long before = warnings();
        serve(JwtAuthenticator.builder().jwks(jwks).issuer(iss).audience(Issuer.AUDIENCE)
                .build());

        HttpResponse<String> response = get(server, "/me", bearer(token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(warnings()).isEqualTo(before + 1);
        issuer = new Issuer();
    }

    @Test
    void refusesATokenOfAnotherType() throws Exception {
        serve(JwtAuthenticator.builder().jwks(issuer.jwksUri()).issuer(issuer.issuer())
                .audience(Issuer.AUDIENCE).build());
        SignedJWT event = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(rsa.getKeyID()).type(new JOSEObjectType("secevent+jwt")).build(),
                issuer.claims("ada").build());
        event.sign(new RSASSASigner(rsa));
        String token = AuthSecrets.remember(event.serialize());

        HttpResponse<String> response = get(server, "/me", bearer(token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The token is not valid.");
    }

    @Test
    void acceptsAnAccessTokenTypedAtJwt() throws Exception {
        serve(JwtAuthenticator.builder().jwks(issuer.jwksUri()).issuer(issuer.issuer())
                .audience(Issuer.AUDIENCE).build());
        SignedJWT access = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(rsa.getKeyID()).type(new JOSEObjectType("at+jwt")).build(),
                issuer.claims("ada").build());
        access.sign(new RSASSASigner(rsa));

        assertThat(get(server, "/me", bearer(AuthSecrets.remember(access.serialize()))).body())
                .isEqualTo("ada");
    }

    @Test
    void refusesConfigurationsThatWouldAcceptTooMuch() {
        URI jwks = issuer.jwksUri();

        assertThatThrownBy(() -> JwtAuthenticator.builder().audience("a").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT keys");
        assertThatThrownBy(() -> JwtAuthenticator.builder().jwks(jwks).audience("a").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> JwtAuthenticator.builder().jwks(jwks).issuer("i").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
        assertThatThrownBy(() -> JwtAuthenticator.builder().jwks(jwks).issuer("i").audience("a")
                .algorithms(JWSAlgorithm.HS256).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hmacSecret");
        assertThatThrownBy(() -> JwtAuthenticator.builder().hmacSecret(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32");
    }
}
