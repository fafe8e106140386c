package dev.merino.testing;

import java.nio.charset.StandardCharsets;

/** HTTP/1.1 requests as the bytes a {@link RawClient} sends, with {@code Host: x}. */
public final class RawRequests {
    private RawRequests() {
    }

    /** A GET of {@code target}. */
    public static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** A HEAD of {@code target}. */
    public static String head(String target) {
        return "HEAD " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** A POST of {@code body} with its Content-Length. */
    public static String post(String target, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** A POST of an ASCII {@code body} in one chunk. */
    public static String chunked(String target, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }
}
