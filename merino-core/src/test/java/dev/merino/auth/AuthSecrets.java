package dev.merino.auth;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The credentials the auth tests sent, for {@link AuthLogScanTest} to look for in the logs. */
public final class AuthSecrets {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private AuthSecrets() {
    }

    /** Remembers credentials a test sends; returns the first, for chaining. */
    public static String remember(String... secrets) {
        for (String secret : secrets) {
            SECRETS.add(secret);
        }
        return secrets[0];
    }

    /** Returns every credential remembered so far. */
    public static Set<String> all() {
        return Set.copyOf(SECRETS);
    }
}
