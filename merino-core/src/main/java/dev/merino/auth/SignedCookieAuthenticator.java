package dev.merino.auth;

import dev.merino.http.Cookie;
import dev.merino.http.Request;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates requests by a cookie that holds the identity, signed with HMAC-SHA256 and,
 * optionally, encrypted with AES-GCM, with keys from the application.
 *
 * <pre>{@code
 * SignedCookieAuthenticator sessions = SignedCookieAuthenticator.of("session", signingKey)
 *         .withEncryption(encryptionKey)               // optional: hides the claims
 *         .withMaxAge(Duration.ofHours(8));
 * app.post("/login", Auth.allowAnonymous(), request -> {
 *     Identity identity = checkPassword(request);       // your code
 *     return Response.noContent().withCookie(sessions.issue(identity));
 * });
 * }</pre>
 *
 * <p>The cookie holds the identity's name, roles, claims and an expiry time. Its value is the
 * payload (JSON, or its AES-GCM encryption with a random 96-bit nonce and the cookie name as
 * associated data), Base64url-encoded, a dot, and the HMAC-SHA256 of the cookie name and the
 * encoded payload; the MAC is checked in constant time before anything is decoded. A request
 * without the cookie declines; a cookie that is forged, tampered with, encrypted with another
 * key or expired fails with {@code invalid_cookie}. There is no registered HTTP scheme for
 * cookies, so its 401 challenge, {@code Cookie realm="...", name="session"}, is a hint.
 *
 * @apiNote The cookie is a bearer credential: whoever holds it is the identity until it
 *     expires, and it cannot be revoked before that except by changing the signing key. Keep
 *     claims small: browsers limit a cookie to about 4 KiB.
 */
public final class SignedCookieAuthenticator implements Authenticator {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final SecretKeySpec signingKey;
    private final SecretKeySpec encryptionKey;
    private final Duration maxAge;
    private final String realm;
    private final Clock clock;

    private SignedCookieAuthenticator(String name, SecretKeySpec signingKey,
            SecretKeySpec encryptionKey, Duration maxAge, String realm, Clock clock) {
        this.name = name;
        this.signingKey = signingKey;
        this.encryptionKey = encryptionKey;
        this.maxAge = maxAge;
        this.realm = realm;
        this.clock = clock;
    }

    /**
     * Creates the scheme for a cookie name and an HMAC-SHA256 key of at least 32 bytes, with
     * cookies valid for one hour.
     */
    public static SignedCookieAuthenticator of(String cookieName, byte[] signingKey) {
        if (cookieName == null || !cookieName.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("cookieName: '" + cookieName
                    + "' (expected a token)");
        }
        if (signingKey.length < 32) {
            throw new IllegalArgumentException("signingKey: " + signingKey.length
                    + " bytes (expected at least 32)");
        }
        return new SignedCookieAuthenticator(cookieName,
                new SecretKeySpec(signingKey.clone(), "HmacSHA256"), null, Duration.ofHours(1),
                "app", Clock.systemUTC());
    }

    /** Returns a copy that also encrypts the payload with this AES key (16, 24 or 32 bytes). */
    public SignedCookieAuthenticator withEncryption(byte[] aesKey) {
        if (aesKey.length != 16 && aesKey.length != 24 && aesKey.length != 32) {
            throw new IllegalArgumentException("aesKey: " + aesKey.length
                    + " bytes (expected 16, 24 or 32)");
        }
        return new SignedCookieAuthenticator(name, signingKey,
                new SecretKeySpec(aesKey.clone(), "AES"), maxAge, realm, clock);
    }

    /** Returns a copy whose cookies are valid for this long. */
    public SignedCookieAuthenticator withMaxAge(Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected > 0)");
        }
        return new SignedCookieAuthenticator(name, signingKey, encryptionKey, maxAge, realm,
                clock);
    }

    /** Returns a copy with another realm for the challenge. */
    public SignedCookieAuthenticator withRealm(String realm) {
        return new SignedCookieAuthenticator(name, signingKey, encryptionKey, maxAge,
                Objects.requireNonNull(realm, "realm"), clock);
    }

    /** Returns a copy that reads the time from the clock, for tests. */
    public SignedCookieAuthenticator withClock(Clock clock) {
        return new SignedCookieAuthenticator(name, signingKey, encryptionKey, maxAge, realm,
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Returns the cookie that carries the identity: {@code HttpOnly}, {@code Secure},
     * {@code SameSite=Lax}, {@code Path=/} and a {@code Max-Age} of the configured lifetime.
     */
    public Cookie issue(Identity identity) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sub", identity.name());
        payload.put("roles", List.copyOf(identity.roles()));
        payload.put("claims", identity.claims());
        payload.put("exp", clock.instant().plus(maxAge).getEpochSecond());
        byte[] json = JSON.writeValueAsBytes(payload);
        String body = ENCODER.encodeToString(encryptionKey == null ? json : encrypt(json));
        String value = body + "." + ENCODER.encodeToString(mac(body));
        return new Cookie(name, value, "/", null, maxAge, null, true, true,
                Cookie.SameSite.LAX);
    }

    /** Returns a cookie that makes the client drop the identity cookie. */
    public Cookie clear() {
        return new Cookie(name, "", "/", null, Duration.ZERO, null, true, true,
                Cookie.SameSite.LAX);
    }

    @Override
    public AuthResult authenticate(Request request) {
        String value = request.cookie(name).orElse(null);
        if (value == null || value.isEmpty()) {
            return AuthResult.declined();
        }
        int dot = value.lastIndexOf('.');
        byte[] presented;
        try {
            presented = dot < 0 ? null : DECODER.decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            presented = null;
        }
        String body = dot < 0 ? value : value.substring(0, dot);
        if (presented == null || !MessageDigest.isEqual(mac(body), presented)) {
            return invalid("The session cookie is not valid.");
        }
        try {
            byte[] json = DECODER.decode(body);
            return restore(JSON.readValue(encryptionKey == null ? json : decrypt(json),
                    Payload.class));
        } catch (IllegalArgumentException | JacksonException | GeneralSecurityException e) {
            return invalid("The session cookie is not valid.");
        }
    }

    /** The cookie's payload as JSON holds it. */
    record Payload(String sub, List<String> roles, Map<String, Object> claims, long exp) {
    }

    private AuthResult restore(Payload payload) {
        if (payload.sub() == null || clock.instant().getEpochSecond() >= payload.exp()) {
            return invalid("The session cookie has expired.");
        }
        Map<String, Object> claims = payload.claims() == null ? Map.of() : payload.claims();
        List<String> roles = payload.roles() == null ? List.of() : new ArrayList<>(payload.roles());
        return AuthResult.success(new Identity(payload.sub(), claims, Set.copyOf(roles),
                "Cookie"));
    }

    private static AuthResult invalid(String description) {
        return AuthResult.failure("invalid_cookie", description);
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            // The name is signed too, so a value cannot be moved to another cookie.
            mac.update(name.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '=');
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not usable in this JDK", e);
        }
    }

    private byte[] encrypt(byte[] plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not usable in this JDK", e);
        }
    }

    private byte[] decrypt(byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < 12 + 16) {
            throw new GeneralSecurityException("too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, encryptionKey,
                new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
        return cipher.doFinal(sealed, 12, sealed.length - 12);
    }

    @Override
    public String challenge(AuthResult.Failure failure) {
        return "Cookie realm=" + Authenticator.quoted(realm) + ", name="
                + Authenticator.quoted(name);
    }
}
