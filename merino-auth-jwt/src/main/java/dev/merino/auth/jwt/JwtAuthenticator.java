package dev.merino.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.merino.auth.AuthResult;
import dev.merino.auth.Authenticator;
import dev.merino.auth.Identity;
import dev.merino.http.Request;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates requests with a JWT bearer token ({@code Authorization: Bearer ...}, RFC 6750
 * section 2.1), verified with Nimbus JOSE+JWT.
 *
 * <pre>{@code
 * JwtAuthenticator jwt = JwtAuthenticator.builder()
 *         .discovery("https://login.example.com/")      // or .jwks(uri).issuer(iss)
 *         .audience("orders-api")
 *         .build();
 * }</pre>
 *
 * <p>A token is accepted when it is a signed JWT whose header algorithm is on the allowlist
 * (by default RS256..512, PS256..512 and ES256..512; HMAC algorithms only with a configured
 * {@linkplain Builder#hmacSecret(byte[]) secret}), whose signature verifies with a key of the
 * issuer's key set that matches its {@code kid}, and whose claims hold an {@code exp} in the
 * future, an {@code nbf} (if any) in the past, the configured {@code iss} and one of the
 * configured audiences, all within the clock skew (60 s by default). Unsigned ({@code alg:
 * none}) and encrypted tokens are refused. Keys are fetched and cached as
 * {@link JwksSource} describes: once the set is older than its time to live (5 min), and when a
 * token names an unknown key id, at most once per refresh interval (30 s).
 *
 * <p>A request without {@code Authorization: Bearer} declines, so other schemes may answer it;
 * one that carries the token in an {@code access_token} query parameter fails with
 * {@code invalid_request}, since only the header is accepted. A token that is not valid fails
 * with {@code invalid_token} and a description (RFC 6750 section 3.1) that never repeats the
 * token. The identity's name is the {@code sub} claim, its roles the {@code roles} claim (a
 * list, or a space-separated string), its claims all of the token's claims.
 */
public final class JwtAuthenticator implements Authenticator {
    /** The asymmetric algorithms accepted by default. */
    public static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwksSource keys;
    private final SecretKeySpec hmacKey;
    private final Set<JWSAlgorithm> algorithms;
    private final String issuer;
    private final Set<String> audiences;
    private final Duration clockSkew;
    private final String realm;
    private final String nameClaim;
    private final String rolesClaim;
    private final Clock clock;
    private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

    private JwtAuthenticator(Builder b) {
        this.keys = b.jwksUri == null && b.discoveryIssuer == null ? null
                : new JwksSource(b.httpClient, b.jwksUri, b.discoveryIssuer, b.cacheTtl,
                        b.minRefreshInterval, b.fetchTimeout, b.clock);
        this.hmacKey = b.hmacSecret == null ? null : new SecretKeySpec(b.hmacSecret, "HmacSHA256");
        this.algorithms = Set.copyOf(b.algorithms);
        this.issuer = b.issuer != null ? b.issuer : b.discoveryIssuer;
        this.audiences = Set.copyOf(b.audiences);
        this.clockSkew = b.clockSkew;
        this.realm = b.realm;
        this.nameClaim = b.nameClaim;
        this.rolesClaim = b.rolesClaim;
        this.clock = b.clock;
        this.claimsVerifier = claimsVerifier();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AuthResult authenticate(Request request) {
        String header = request.header("Authorization").orElse(null);
        if (header == null) {
            // RFC 6750 section 2.3 allows the query, but it ends up in logs and histories.
            return request.queryParam("access_token").isPresent()
                    ? AuthResult.failure("invalid_request", "Send the bearer token in the"
                            + " Authorization header; the query string is not accepted.")
                    : AuthResult.declined();
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return AuthResult.declined();
        }
        return verify(header.substring(7).strip());
    }

    private AuthResult verify(String token) {
        SignedJWT signed;
        try {
            JWT jwt = JWTParser.parse(token);
            if (!(jwt instanceof SignedJWT s)) {
                return invalid("The token is not signed with an accepted algorithm.");
            }
            signed = s;
        } catch (ParseException e) {
            return invalid("The token is malformed.");
        }
        JWSHeader header = signed.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            return invalid("The token is not signed with an accepted algorithm.");
        }
        List<Key> candidates = keysFor(header);
        if (candidates.isEmpty()) {
            return invalid("The token's signing key is unknown.");
        }

        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector((jwsHeader, context) -> candidates);
        // No typ, JWT, or RFC 9068's at+jwt; anything else (an ID token's "JWT" aside) is some
        // other kind of token that must not pass for an access token.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJWSException e) {
            return invalid("The token's signature is not valid.");
        } catch (BadJWTException e) {
            return invalid(whyClaimsFail(signed));
        } catch (BadJOSEException | JOSEException e) {
            return invalid("The token is not valid.");
        }
        return identity(claims);
    }

    private List<Key> keysFor(JWSHeader header) {
        List<Key> found = new ArrayList<>();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm())) {
            // Only the configured secret: never a key from the set, whose public keys anyone
            // could use as an HMAC secret.
            if (hmacKey != null) {
                found.add(hmacKey);
            }
            return found;
        }
        if (keys == null) {
            return found;
        }
        for (JWK jwk : keys.select(header)) {
            try {
                if (jwk instanceof RSAKey rsa) {
                    found.add(rsa.toRSAPublicKey());
                } else if (jwk instanceof ECKey ec) {
                    found.add(ec.toECPublicKey());
                }
            } catch (JOSEException e) {
                // A key that does not convert cannot verify anything; the others may.
            }
        }
        return found;
    }

    private DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier() {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (issuer != null) {
            exact.issuer(issuer);
        }
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                audiences.isEmpty() ? null : audiences, exact.build(), Set.of("exp"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) clockSkew.toSeconds());
        return verifier;
    }

    /** Names the claim that failed, for a signature that verified; nimbus decided already. */
    private String whyClaimsFail(SignedJWT signed) {
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            return "The token is malformed.";
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null) {
            return "The token has no expiry time.";
        }
        if (!claims.getExpirationTime().toInstant().plus(clockSkew).isAfter(now)) {
            return "The token has expired.";
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().minus(clockSkew).isAfter(now)) {
            return "The token is not valid yet.";
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            return "The token's issuer is not accepted.";
        }
        if (!audiences.isEmpty() && (claims.getAudience() == null
                || claims.getAudience().stream().noneMatch(audiences::contains))) {
            return "The token's audience is not accepted.";
        }
        return "The token's claims are not valid.";
    }

    private AuthResult identity(JWTClaimsSet claims) {
        Object name = claims.getClaim(nameClaim);
        if (!(name instanceof String subject) || subject.isEmpty()) {
            return invalid("The token has no " + nameClaim + " claim.");
        }
        Set<String> roles = new LinkedHashSet<>();
        Object value = claims.getClaim(rolesClaim);
        if (value instanceof String text) {
            for (String role : text.split(" ")) {
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            }
        } else if (value instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast)
                    .forEach(roles::add);
        }
        Map<String, Object> all = claims.toJSONObject();
        return AuthResult.success(new Identity(subject, all, roles, "Bearer"));
    }

    private static AuthResult invalid(String description) {
        return AuthResult.failure("invalid_token", description);
    }

    @Override
    public String challenge(AuthResult.Failure failure) {
        String challenge = "Bearer realm=" + Authenticator.quoted(realm);
        if (failure == null || failure.error() == null) {
            // RFC 6750 section 3.1: no error code when the request had no token.
            return challenge;
        }
        return challenge + ", error=" + Authenticator.quoted(failure.error())
                + ", error_description=" + Authenticator.quoted(failure.description());
    }

    /** Builds a {@link JwtAuthenticator}. */
    public static final class Builder {
        private java.net.URI jwksUri;
        private String discoveryIssuer;
        private byte[] hmacSecret;
        private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(ASYMMETRIC);
        private String issuer;
        private final Set<String> audiences = new LinkedHashSet<>();
        private boolean anyAudience;
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration cacheTtl = Duration.ofMinutes(5);
        private Duration minRefreshInterval = Duration.ofSeconds(30);
        private Duration fetchTimeout = Duration.ofSeconds(5);
        private String realm = "api";
        private String nameClaim = "sub";
        private String rolesClaim = "roles";
        private java.net.http.HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Reads the issuer's keys from a JSON Web Key Set at this URL. */
        public Builder jwks(java.net.URI uri) {
            this.jwksUri = uri;
            return this;
        }

        /**
         * Reads the keys from the {@code jwks_uri} of the issuer's OpenID Connect discovery
         * document ({@code issuer + "/.well-known/openid-configuration"}), fetched on first
         * use; the document must name the same issuer, and tokens must carry it in
         * {@code iss}.
         */
        public Builder discovery(String issuer) {
            this.discoveryIssuer = issuer;
            return this;
        }

        /**
         * Accepts HS256 tokens signed with this secret (at least 32 bytes), in addition to the
         * other allowed algorithms. Keys from the key set are never used for HMAC.
         */
        public Builder hmacSecret(byte[] secret) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("hmacSecret: " + secret.length
                        + " bytes (expected at least 32)");
            }
            this.hmacSecret = secret.clone();
            algorithms.add(JWSAlgorithm.HS256);
            return this;
        }

        /** Replaces the allowlist of algorithms. */
        public Builder algorithms(JWSAlgorithm... allowed) {
            algorithms.clear();
            algorithms.addAll(List.of(allowed));
            return this;
        }

        /** Requires this {@code iss}. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Requires an {@code aud} that contains one of these audiences. */
        public Builder audience(String... audiences) {
            this.audiences.addAll(List.of(audiences));
            return this;
        }

        /**
         * Accepts tokens whatever their {@code aud}. Only for an issuer that makes tokens for
         * this application alone: otherwise a token meant for another service of the same
         * issuer would be accepted here.
         */
        public Builder anyAudience() {
            this.anyAudience = true;
            return this;
        }

        /** Sets the tolerance for {@code exp} and {@code nbf}. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /** Sets how long a fetched key set is used before it is fetched again. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = ttl;
            return this;
        }

        /** Sets the least time between two fetches of the key set. */
        public Builder minRefreshInterval(Duration interval) {
            this.minRefreshInterval = interval;
            return this;
        }

        /** Sets the realm of the challenge. */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** Sets the claim that names the identity ({@code sub} by default). */
        public Builder nameClaim(String claim) {
            this.nameClaim = claim;
            return this;
        }

        /** Sets the claim that holds the roles ({@code roles} by default). */
        public Builder rolesClaim(String claim) {
            this.rolesClaim = claim;
            return this;
        }

        /** Sets the client that fetches keys and discovery documents. */
        public Builder httpClient(java.net.http.HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** Sets the clock, for tests. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the scheme.
         *
         * @throws IllegalStateException if there is no source of keys, a key set without an
         *     issuer, no audience (and no {@link #anyAudience()}), HMAC allowed without a
         *     secret, or no algorithm allowed
         */
        public JwtAuthenticator build() {
            if (jwksUri == null && discoveryIssuer == null && hmacSecret == null) {
                throw new IllegalStateException("JWT keys: none (expected jwks(uri),"
                        + " discovery(issuer) or hmacSecret(secret))");
            }
            if (jwksUri != null && discoveryIssuer == null && issuer == null) {
                throw new IllegalStateException("issuer: none for the key set at " + jwksUri
                        + " (expected issuer(iss), which tokens must carry)");
            }
            if (audiences.isEmpty() && !anyAudience) {
                throw new IllegalStateException("audience: none (expected audience(aud), or"
                        + " anyAudience() when the issuer makes tokens for this application"
                        + " only)");
            }
            if (hmacSecret == null && algorithms.stream()
                    .anyMatch(JWSAlgorithm.Family.HMAC_SHA::contains)) {
                throw new IllegalStateException("algorithms: " + algorithms
                        + " (HMAC needs hmacSecret(secret))");
            }
            if (algorithms.isEmpty()) {
                throw new IllegalStateException("algorithms: none (expected at least one)");
            }
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("clockSkew: " + clockSkew
                        + " (expected zero or more)");
            }
            if (httpClient == null) {
                httpClient = java.net.http.HttpClient.newBuilder()
                        .connectTimeout(fetchTimeout)
                        .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
            }
            return new JwtAuthenticator(this);
        }
    }
}
