package dev.merino.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the benchmark endpoints answer, shared by the Merino app and the raw Netty server so that
 * both put the same bytes on the wire.
 */
public final class Payloads {
    /** The body of {@code GET /plaintext}. */
    public static final String HELLO = "Hello, World!";
    /** {@link #HELLO} as UTF-8. */
    public static final byte[] HELLO_BYTES = HELLO.getBytes(StandardCharsets.UTF_8);

    private Payloads() {
    }

    /** The body of {@code GET /json}: serialized for every request. */
    public record Message(String message) {
    }

    /** The body of {@code GET /users/{id}?fields=a,b}. */
    public record UserReply(int id, String name, List<String> fields) {
    }

    /** What {@code POST /echo} reads and writes back. */
    public record Echo(int id, String name, List<String> tags) {
    }

    /** Returns the answer for user {@code id} and the {@code fields} query value, or null. */
    public static UserReply user(int id, String fields) {
        List<String> names = fields == null || fields.isEmpty() ? List.of()
                : List.of(fields.split(","));
        return new UserReply(id, "user-" + id, names);
    }
}
