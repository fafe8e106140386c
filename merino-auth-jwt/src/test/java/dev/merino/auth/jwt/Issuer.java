package dev.merino.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.merino.App;
import dev.merino.Server;
import dev.merino.auth.AuthSecrets;
import dev.merino.http.Response;
import dev.merino.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token issuer for tests: keys generated per run, and a Merino app on loopback that serves
 * their public JWKS and an OpenID Connect discovery document, counting the fetches.
 */
final class Issuer implements AutoCloseable {
    static final String AUDIENCE = "merino-tests";

    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final Server server;

    Issuer() {
        App app = TestServers.app();
        app.get("/jwks.json", request -> {
            jwksFetches.incrementAndGet();
            return Response.text(new JWKSet(List.copyOf(published)).toPublicJWKSet().toString())
                    .withHeader("Content-Type", "application/json");
        });
        app.get("/.well-known/openid-configuration", request -> Response.text(
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwksUri() + "\"}")
                .withHeader("Content-Type", "application/json"));
        server = TestServers.start(app);
    }

    String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    java.net.URI jwksUri() {
        return java.net.URI.create(issuer() + "/jwks.json");
    }

    int jwksFetches() {
        return jwksFetches.get();
    }

    /** Generates a 2048-bit RSA key with the key id, remembering its private parts. */
    static RSAKey rsaKey(String kid) throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        AuthSecrets.remember(key.getPrivateExponent().toString(), key.toJSONString());
        return key;
    }

    /** Generates a P-256 EC key with the key id, remembering its private part. */
    static ECKey ecKey(String kid) throws JOSEException {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .generate();
        AuthSecrets.remember(key.getD().toString(), key.toJSONString());
        return key;
    }

    /** Publishes a key in the JWKS. */
    void publish(JWK key) {
        published.add(key);
    }

    /** Returns valid claims: this issuer, the test audience, an hour to live. */
    JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer(issuer()).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    /** Signs the claims with the key, RS256 or ES256 by its type, and remembers the token. */
    static String sign(JWK key, JWTClaimsSet claims) throws JOSEException {
        JWSSigner signer;
        JWSAlgorithm algorithm;
        if (key instanceof RSAKey rsa) {
            signer = new RSASSASigner(rsa);
            algorithm = JWSAlgorithm.RS256;
        } else {
            signer = new ECDSASigner((ECKey) key);
            algorithm = JWSAlgorithm.ES256;
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                .build(), claims);
        jwt.sign(signer);
        return AuthSecrets.remember(jwt.serialize());
    }

    /** Returns the header pair for a bearer token. */
    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    static Map<String, Object> roles(String... roles) {
        return Map.of("roles", List.of(roles));
    }

    @Override
    public void close() {
        server.stop();
    }
}
