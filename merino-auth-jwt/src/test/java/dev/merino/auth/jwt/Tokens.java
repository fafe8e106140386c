package dev.merino.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.merino.auth.AuthSecrets;

/** Makes tokens for the tests, signed by nimbus, remembering each one. */
final class Tokens {
    private Tokens() {
    }

    /** Signs HS256 with the bytes as the secret. */
    static String hmac(byte[] secret, String kid, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid)
                .build(), claims);
        jwt.sign(new MACSigner(secret));
        return AuthSecrets.remember(jwt.serialize());
    }
}
