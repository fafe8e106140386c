package dev.merino.auth.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.merino.internal.app.Errors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification keys of an issuer: a JSON Web Key Set fetched with the JDK client from a
 * URL, or from the {@code jwks_uri} of the issuer's OpenID Connect discovery document, and
 * cached.
 *
 * <p>The cached set is fetched again once it is older than the time to live, and early when a
 * token names a key it does not hold (a rotation); either way at most once per refresh
 * interval, so tokens with made-up key ids cannot make the server hammer the issuer. A fetch
 * that fails keeps the keys held before. The lock serialises fetches; callers wait for the one
 * in progress (they run on virtual threads, and the lock is a {@link ReentrantLock}).
 */
final class JwksSource {
    private static final Logger log = LoggerFactory.getLogger("dev.merino.auth.jwt");
    /** The largest document accepted, a guard against a misconfigured URL. */
    private static final int MAX_DOCUMENT = 1 << 20;

    private final HttpClient client;
    private final URI jwksUri;
    private final String discoveryIssuer;
    private final Duration ttl;
    private final Duration minRefreshInterval;
    private final Duration timeout;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock for writes; read without it (volatile) on the fast path.
    private volatile JWKSet keys = new JWKSet();
    private volatile Instant fetchedAt;
    private URI resolvedJwksUri;
    private Instant lastAttempt;

    JwksSource(HttpClient client, URI jwksUri, String discoveryIssuer, Duration ttl,
            Duration minRefreshInterval, Duration timeout, Clock clock) {
        this.client = client;
        this.jwksUri = jwksUri;
        this.discoveryIssuer = discoveryIssuer;
        this.ttl = ttl;
        this.minRefreshInterval = minRefreshInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Returns the keys that match the header (key type, key id, use and algorithm), fetching
     * the set first when it is stale, and again when no key matches.
     */
    List<JWK> select(JWSHeader header) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
        Instant at = fetchedAt;
        if (at == null || !at.plus(ttl).isAfter(clock.instant())) {
            refresh();
        }
        List<JWK> found = selector.select(keys);
        if (found.isEmpty() && refresh()) {
            found = selector.select(keys);
        }
        return found;
    }

    /** Fetches the set unless a fetch was attempted within the refresh interval. */
    private boolean refresh() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (lastAttempt != null && lastAttempt.plus(minRefreshInterval).isAfter(now)) {
                return false;
            }
            lastAttempt = now;
            try {
                JWKSet fetched = JWKSet.parse(fetch(jwksUri()));
                keys = fetched;
                fetchedAt = now;
                log.debug("Fetched {} keys from {}", fetched.getKeys().size(), resolvedJwksUri);
                return true;
            } catch (IOException | ParseException | RuntimeException e) {
                log.warn("Could not fetch the JSON Web Key Set ({}); tokens signed with keys not"
                        + " cached are refused until a fetch succeeds. Check the JWKS or"
                        + " discovery URL and the issuer's availability.",
                        Errors.escape(e.toString()));
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns the set's URL, reading it from the discovery document the first time. */
    private URI jwksUri() throws IOException, InterruptedException, ParseException {
        if (resolvedJwksUri != null) {
            return resolvedJwksUri;
        }
        if (jwksUri != null) {
            resolvedJwksUri = jwksUri;
            return jwksUri;
        }
        // OpenID Connect Discovery 1.0 section 4: the document sits under the issuer.
        String base = discoveryIssuer.endsWith("/")
                ? discoveryIssuer.substring(0, discoveryIssuer.length() - 1) : discoveryIssuer;
        Map<String, Object> document = JSONObjectUtils.parse(
                fetch(URI.create(base + "/.well-known/openid-configuration")));
        // Section 4.3: the issuer in the document must be the one the configuration was
        // fetched for, or an attacker's document could vouch for another issuer's keys.
        Object issuer = document.get("issuer");
        if (!discoveryIssuer.equals(issuer)) {
            throw new IOException("the discovery document names issuer " + issuer
                    + " (expected " + discoveryIssuer + ")");
        }
        if (!(document.get("jwks_uri") instanceof String uri)) {
            throw new IOException("the discovery document has no jwks_uri");
        }
        resolvedJwksUri = URI.create(uri);
        return resolvedJwksUri;
    }

    private String fetch(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
                        .timeout(timeout).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode()
                    + " (expected 200)");
        }
        if (response.body().length > MAX_DOCUMENT) {
            throw new IOException("GET " + uri + " sent " + response.body().length
                    + " bytes (expected at most " + MAX_DOCUMENT + ")");
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
