package dev.merino.auth.jwt;

import dev.merino.auth.MutableClock;
import static dev.merino.auth.AuthClient.get;
import static dev.merino.auth.jwt.Issuer.bearer;
import static dev.merino.auth.jwt.Issuer.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.merino.App;
import dev.merino.Server;
import dev.merino.auth.Auth;
import dev.merino.auth.AuthClient;
import dev.merino.auth.Identity;
import dev.merino.auth.Policy;
import dev.merino.testing.TestServers;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtOverSocketsTest {
    private final MutableClock clock = new MutableClock();
    private Issuer issuer;
    private Server server;
    private RSAKey rsa;
    private ECKey ec;

    @BeforeEach
    void start() throws Exception {
        issuer = new Issuer();
        rsa = Issuer.rsaKey("rsa-1");
        ec = Issuer.ecKey("ec-1");
        issuer.publish(rsa);
        issuer.publish(ec);
    }

    private void serve(JwtAuthenticator jwt) {
        App app = TestServers.app();
        app.filter(Auth.builder().scheme(jwt)
                .policy(Policy.builder("admins").anyRole("admin").build())
                .defaultPolicy(Policy.AUTHENTICATED).build());
        app.get("/me", request -> {
            Identity identity = Identity.require(request);
            return identity.name() + " " + identity.roles() + " " + identity.scheme();
        });
        app.get("/admin", Auth.policy("admins"), request -> "admin area");
        app.ws("/room", Auth.policy("admins"), upgrade -> {
            WebSocket socket = upgrade.accept();
            for (WebSocketMessage message : socket) {
                socket.send(Identity.require(upgrade.request()).name() + ": " + message.text());
            }
        });
        server = TestServers.start(app);
    }

    private JwtAuthenticator.Builder jwks() {
        return JwtAuthenticator.builder().jwks(issuer.jwksUri()).issuer(issuer.issuer())
                .audience(Issuer.AUDIENCE).clock(clock);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        issuer.close();
    }

    @Test
    void acceptsRsaTokenFromJwksServedOverLoopback() throws Exception {
        serve(jwks().build());
        String token = sign(rsa, issuer.claims("ada").claim("roles", List.of("admin")).build());

        HttpResponse<String> response = get(server, "/me", bearer(token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ada [admin] Bearer");
    }

    @Test
    void acceptsEcToken() throws Exception {
        serve(jwks().build());
        String token = sign(ec, issuer.claims("eve").claim("roles", "reader writer").build());

        HttpResponse<String> response = get(server, "/me", bearer(token));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("eve [").contains("reader").contains("writer");
    }

    @Test
    void findsTheKeysThroughOpenIdConnectDiscovery() throws Exception {
        serve(JwtAuthenticator.builder().discovery(issuer.issuer()).audience(Issuer.AUDIENCE)
                .build());
        String token = sign(rsa, issuer.claims("ada").build());

        assertThat(get(server, "/me", bearer(token)).statusCode()).isEqualTo(200);
        String foreign = sign(rsa, issuer.claims("ada").issuer("http://127.0.0.1:1").build());
        assertThat(get(server, "/me", bearer(foreign)).statusCode()).isEqualTo(401);
    }

    @Test
    void cachesTheKeySet() throws Exception {
        serve(jwks().build());
        String token = sign(rsa, issuer.claims("ada").build());

        for (int i = 0; i < 5; i++) {
            assertThat(get(server, "/me", bearer(token)).statusCode()).isEqualTo(200);
        }

        assertThat(issuer.jwksFetches()).isEqualTo(1);
    }

    @Test
    void picksUpARotatedKeyWithoutRestart() throws Exception {
        serve(jwks().minRefreshInterval(Duration.ofSeconds(30)).build());
        assertThat(get(server, "/me", bearer(sign(rsa, issuer.claims("ada").build())))
                .statusCode()).isEqualTo(200);

        RSAKey next = Issuer.rsaKey("rsa-2");
        issuer.publish(next);
        clock.advance(Duration.ofSeconds(31));
        HttpResponse<String> response = get(server, "/me",
                bearer(sign(next, issuer.claims("ada").build())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(issuer.jwksFetches()).isEqualTo(2);
    }

    @Test
    void refreshesForUnknownKeyIdsAtMostOncePerInterval() throws Exception {
        serve(jwks().minRefreshInterval(Duration.ofSeconds(30)).build());
        assertThat(get(server, "/me", bearer(sign(rsa, issuer.claims("ada").build())))
                .statusCode()).isEqualTo(200);
        RSAKey stranger = Issuer.rsaKey("made-up");

        for (int i = 0; i < 10; i++) {
            assertThat(get(server, "/me", bearer(sign(stranger, issuer.claims("x").build())))
                    .statusCode()).isEqualTo(401);
        }
        assertThat(issuer.jwksFetches()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(31));
        get(server, "/me", bearer(sign(stranger, issuer.claims("x").build())));
        assertThat(issuer.jwksFetches()).isEqualTo(2);
    }

    @Test
    void acceptsHmacTokenOnlyWithTheConfiguredSecret() throws Exception {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        AuthSecretsBytes.remember(secret);
        serve(jwks().hmacSecret(secret).build());

        String token = Tokens.hmac(secret, "HS-1", issuer.claims("mac").build());

        assertThat(get(server, "/me", bearer(token)).body()).startsWith("mac ");
    }

    @Test
    void appliesPoliciesToTokenRoles() throws Exception {
        serve(jwks().build());
        String user = sign(rsa, issuer.claims("ada").claim("roles", List.of("user")).build());
        String admin = sign(rsa, issuer.claims("bob").claim("roles", List.of("admin")).build());

        assertThat(get(server, "/admin", bearer(user)).statusCode()).isEqualTo(403);
        assertThat(get(server, "/admin", bearer(admin)).statusCode()).isEqualTo(200);
    }

    @Test
    void decidesWebSocketUpgradesByTheToken() throws Exception {
        serve(jwks().build());
        String user = sign(rsa, issuer.claims("ada").claim("roles", List.of("user")).build());
        String admin = sign(rsa, issuer.claims("bob").claim("roles", List.of("admin")).build());

        AuthClient.Handshake anonymous = AuthClient.ws(server, "/room");
        assertThat(anonymous.refusal().statusCode()).isEqualTo(401);
        assertThat(anonymous.refusal().headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"api\"");

        AuthClient.Handshake expired = AuthClient.ws(server, "/room", bearer(sign(rsa,
                issuer.claims("bob").expirationTime(new java.util.Date(0)).build())));
        assertThat(expired.refusal().statusCode()).isEqualTo(401);
        assertThat(expired.refusal().headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"api\", error=\"invalid_token\","
                        + " error_description=\"The token has expired.\"");

        assertThat(AuthClient.ws(server, "/room", bearer(user)).refusal().statusCode())
                .isEqualTo(403);
        assertThat(AuthClient.ws(server, "/room", bearer(admin)).echo()).isEqualTo("bob: ping");
    }
}
