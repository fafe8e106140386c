package dev.merino.auth;

import dev.merino.http.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates requests by an API key in a header, a query parameter or a cookie.
 *
 * <pre>{@code
 * ApiKeyAuthenticator.header("X-Api-Key",
 *         ApiKeyAuthenticator.keys(Map.of(System.getenv("REPORTS_KEY"),
 *                 Identity.of("reports", "ApiKey", "reader"))));
 * }</pre>
 *
 * <p>A request without the key declines (the next scheme is asked); one whose key the lookup
 * does not know fails with {@code invalid_key}. Its 401 challenge is
 * {@code ApiKey realm="...", in="header", name="X-Api-Key"}: there is no registered HTTP scheme
 * for API keys, so clients read it as a hint. Keys in a query string end up in proxy and
 * browser histories; prefer a header.
 */
public final class ApiKeyAuthenticator implements Authenticator {
    private final Location location;
    private final String name;
    private final String realm;
    private final Function<String, Optional<Identity>> lookup;

    /** Where the key travels. */
    public enum Location {
        /** A request header. */
        HEADER,
        /** A query parameter. */
        QUERY,
        /** A cookie. */
        COOKIE
    }

    private ApiKeyAuthenticator(Location location, String name, String realm,
            Function<String, Optional<Identity>> lookup) {
        if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("API key " + location.name().toLowerCase()
                    + " name: '" + name + "' (expected a token)");
        }
        this.location = location;
        this.name = name;
        this.realm = Objects.requireNonNull(realm, "realm");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * Creates a scheme that reads the key from a header.
     *
     * @param lookup maps a key to its identity, or to empty for an unknown key; shared by all
     *     requests, may block
     */
    public static ApiKeyAuthenticator header(String name,
            Function<String, Optional<Identity>> lookup) {
        return new ApiKeyAuthenticator(Location.HEADER, name, "api", lookup);
    }

    /** Creates a scheme that reads the key from a query parameter. */
    public static ApiKeyAuthenticator query(String name,
            Function<String, Optional<Identity>> lookup) {
        return new ApiKeyAuthenticator(Location.QUERY, name, "api", lookup);
    }

    /** Creates a scheme that reads the key from a cookie. */
    public static ApiKeyAuthenticator cookie(String name,
            Function<String, Optional<Identity>> lookup) {
        return new ApiKeyAuthenticator(Location.COOKIE, name, "api", lookup);
    }

    /** Returns a copy with another realm for the challenge. */
    public ApiKeyAuthenticator withRealm(String realm) {
        return new ApiKeyAuthenticator(location, name, realm, lookup);
    }

    /**
     * Returns a lookup over a fixed table of keys. It compares digests of the keys in constant
     * time, visiting every entry, so that the time taken says nothing about a guess.
     */
    public static Function<String, Optional<Identity>> keys(Map<String, Identity> keys) {
        List<Map.Entry<byte[], Identity>> table = new ArrayList<>();
        keys.forEach((key, identity) -> {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("API key: empty (expected a secret)");
            }
            table.add(Map.entry(sha256(key), Objects.requireNonNull(identity, "identity")));
        });
        return presented -> {
            byte[] digest = sha256(presented);
            Identity found = null;
            for (Map.Entry<byte[], Identity> entry : table) {
                if (MessageDigest.isEqual(entry.getKey(), digest)) {
                    found = entry.getValue();
                }
            }
            return Optional.ofNullable(found);
        };
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public AuthResult authenticate(Request request) {
        Optional<String> key = switch (location) {
            case HEADER -> request.header(name);
            case QUERY -> request.queryParam(name);
            case COOKIE -> request.cookie(name);
        };
        if (key.isEmpty() || key.get().isEmpty()) {
            return AuthResult.declined();
        }
        return lookup.apply(key.get()).map(AuthResult::success).orElseGet(() ->
                AuthResult.failure("invalid_key", "The API key is not valid."));
    }

    @Override
    public String challenge(AuthResult.Failure failure) {
        String challenge = "ApiKey realm=" + Authenticator.quoted(realm) + ", in=\""
                + location.name().toLowerCase() + "\", name=" + Authenticator.quoted(name);
        return failure == null || failure.error() == null ? challenge
                : challenge + ", error=" + Authenticator.quoted(failure.error());
    }
}
