package dev.merino.testing;

import dev.merino.Server;
import dev.merino.testing.RawClient.RawResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** One-shot requests over a fresh raw connection, for tests that check one exchange. */
public final class Requests {
    private Requests() {
    }

    /** Sends a GET of the target and returns the response. */
    public static RawResponse get(Server server, String target, String... headerLines) {
        return call(server, "GET", target, (byte[]) null, headerLines);
    }

    /**
     * Sends a request with a {@code Host} header, the given header lines ({@code "Name: value"})
     * and, when {@code body} is not null, the body with its {@code Content-Length}.
     */
    public static RawResponse call(Server server, String method, String target, byte[] body,
            String... headerLines) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            bytes.writeBytes(body);
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send(bytes.toByteArray());
            return client.readResponse(method.equals("HEAD"));
        }
    }

    /** Sends a request with a UTF-8 text body. */
    public static RawResponse callWithText(Server server, String method, String target,
            String body, String... headerLines) {
        return call(server, method, target, body.getBytes(StandardCharsets.UTF_8), headerLines);
    }
}
