package dev.merino.internal.websocket;

import dev.merino.http.BadRequest;
import dev.merino.http.Headers;
import dev.merino.http.HttpException;
import dev.merino.http.Method;
import dev.merino.http.Request;
import dev.merino.http.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The server side of the opening handshake (RFC 6455 section 4.2). */
final class Handshake {
    /** RFC 6455 section 1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    /**
     * Checks that the request is a WebSocket opening handshake this server can answer.
     *
     * @throws HttpException 426 (with {@code Upgrade}) when the client did not ask for a
     *     WebSocket, 426 (with {@code Sec-WebSocket-Version: 13}) for another protocol version,
     *     400 for a malformed handshake or one that is not a GET (a HEAD reaches here, served
     *     by the GET route)
     */
    static void validate(Request request, boolean http11, boolean hasBody) {
        Headers headers = request.headers();
        if (!hasToken(headers, "Upgrade", "websocket")) {
            // RFC 9110 section 15.5.22: a 426 says which protocol to upgrade to.
            throw new HttpException(Status.UPGRADE_REQUIRED,
                    "This resource is a WebSocket endpoint; connect with a WebSocket client.",
                    Headers.of("Upgrade", "websocket", "Connection", "Upgrade"), Map.of(), null);
        }
        if (request.method() != Method.GET) {
            // RFC 6455 section 4.2.1: the opening handshake is a GET; anything else gets a 400.
            throw new BadRequest("A WebSocket handshake is a GET request.");
        }
        if (!http11) {
            throw new BadRequest("A WebSocket handshake needs HTTP/1.1.");
        }
        if (!hasToken(headers, "Connection", "upgrade")) {
            throw new BadRequest("A WebSocket handshake needs 'Connection: Upgrade'.");
        }
        List<String> versions = headers.all("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            // RFC 6455 section 4.4: answer with the versions this server speaks; a 426 names
            // the protocol to upgrade to all the same (RFC 9110 section 15.5.22).
            throw new HttpException(Status.UPGRADE_REQUIRED,
                    "Only WebSocket version 13 is supported.",
                    Headers.of("Upgrade", "websocket", "Connection", "Upgrade",
                            "Sec-WebSocket-Version", "13"), Map.of(), null);
        }
        List<String> keys = headers.all("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
            throw new BadRequest("A WebSocket handshake needs one Sec-WebSocket-Key of 16"
                    + " base64-encoded bytes.");
        }
        if (hasBody) {
            throw new BadRequest("A WebSocket handshake has no body.");
        }
    }

    /** Returns the {@code Sec-WebSocket-Accept} value for a client key. */
    static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** Returns the comma-separated tokens of every instance of a header, trimmed, in order. */
    static List<String> tokens(Headers headers, String name) {
        List<String> tokens = new ArrayList<>();
        for (String value : headers.all(name)) {
            for (String token : value.split(",")) {
                String trimmed = token.trim();
                if (!trimmed.isEmpty()) {
                    tokens.add(trimmed);
                }
            }
        }
        return tokens;
    }

    /** Returns the extension names offered, without their parameters. */
    static List<String> extensionNames(Headers headers) {
        List<String> names = new ArrayList<>();
        for (String offer : tokens(headers, "Sec-WebSocket-Extensions")) {
            int semicolon = offer.indexOf(';');
            names.add((semicolon < 0 ? offer : offer.substring(0, semicolon)).trim());
        }
        return names;
    }

    private static boolean hasToken(Headers headers, String name, String token) {
        for (String value : tokens(headers, name)) {
            if (value.toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isValidKey(String key) {
        // RFC 6455 section 4.1: a nonce of 16 random bytes, base64-encoded (24 characters).
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
