package dev.merino.auth.jwt;

import dev.merino.auth.AuthSecrets;
import java.util.Base64;
import java.util.HexFormat;

/** Remembers a binary secret in the forms it could be logged in. */
final class AuthSecretsBytes {
    private AuthSecretsBytes() {
    }

    static void remember(byte[] secret) {
        AuthSecrets.remember(Base64.getEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                HexFormat.of().formatHex(secret));
    }
}
