package dev.merino.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/**
 * Percent-decoding (RFC 3986 section 2.1) that refuses what it cannot decode: a {@code %} not
 * followed by two hex digits, or bytes that are not valid in the charset. Lenient decoders turn
 * both into replacement characters, so a client's mistake silently becomes different data.
 */
final class PercentDecoder {
    private PercentDecoder() {
    }

    /**
     * Decodes the text; with {@code plusIsSpace}, as in forms and query strings, {@code +} is a
     * space.
     *
     * @throws IllegalArgumentException naming the index of the first malformed escape, or
     *     saying the bytes are not valid in the charset
     */
    static String decode(String text, Charset charset, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new IllegalArgumentException("percent-encoding: malformed escape at"
                            + " index " + i + " (expected '%' and two hex digits)");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Raw non-ASCII text: keep it as the bytes it stands for in the charset.
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                bytes.writeBytes(text.substring(i, end).getBytes(charset));
                i = end - 1;
            }
        }
        try {
            CharBuffer decoded = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoding: the bytes are not valid "
                    + charset.name(), e);
        }
    }
}
