package dev.merino.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response: status, headers and a body.
 *
 * <p>Immutable; the {@code withX} and {@code addX} methods return modified copies, so a filter
 * can change what the handler returned. The server adds {@code Date}, {@code Content-Length}
 * (or chunked framing) and {@code Connection}.
 */
public final class Response {
    private static final Map<String, MediaType> FILE_TYPES = Map.ofEntries(
            Map.entry("html", MediaType.TEXT_HTML),
            Map.entry("htm", MediaType.TEXT_HTML),
            Map.entry("txt", MediaType.TEXT_PLAIN),
            Map.entry("css", MediaType.parse("text/css; charset=utf-8")),
            Map.entry("js", MediaType.parse("text/javascript; charset=utf-8")),
            Map.entry("mjs", MediaType.parse("text/javascript; charset=utf-8")),
            Map.entry("json", MediaType.APPLICATION_JSON),
            Map.entry("xml", MediaType.parse("application/xml")),
            Map.entry("svg", MediaType.parse("image/svg+xml")),
            Map.entry("png", MediaType.parse("image/png")),
            Map.entry("jpg", MediaType.parse("image/jpeg")),
            Map.entry("jpeg", MediaType.parse("image/jpeg")),
            Map.entry("gif", MediaType.parse("image/gif")),
            Map.entry("webp", MediaType.parse("image/webp")),
            Map.entry("ico", MediaType.parse("image/x-icon")),
            Map.entry("pdf", MediaType.parse("application/pdf")),
            Map.entry("wasm", MediaType.parse("application/wasm")),
            Map.entry("woff", MediaType.parse("font/woff")),
            Map.entry("woff2", MediaType.parse("font/woff2")));

    private final Status status;
    private final Headers headers;
    private final Body body;

    private Response(Status status, Headers headers, Body body) {
        // An interim 1xx as the only response leaves the client waiting for the final one and
        // taking the next request's response for it. 101 stays: the WebSocket upgrade uses it.
        if (status.code() < 200 && status.code() != 101) {
            throw new IllegalArgumentException("status: " + status.code() + " (expected 200..599;"
                    + " the server sends 100 Continue itself)");
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** What a response carries. The server writes each kind in its own way. */
    public sealed interface Body {
    }

    /** No content. */
    public record Empty() implements Body {
    }

    /** Content held in memory; the array must not change once given. */
    public record Bytes(byte[] bytes) implements Body {
    }

    /** A value the server writes as JSON with the application's mapper. */
    public record Json(Object value) implements Body {
    }

    /** A file sent from disk without copying it into the heap. */
    public record File(Path path) implements Body {
    }

    /** Content produced while it is sent, with chunked framing. */
    public record Streamed(BodyWriter writer) implements Body {
    }

    private static final Body EMPTY = new Empty();
    // Headers never change once built: responses of the common types share theirs.
    private static final Headers TEXT_TYPE =
            Headers.of("Content-Type", MediaType.TEXT_PLAIN.toString());
    private static final Headers JSON_TYPE =
            Headers.of("Content-Type", MediaType.APPLICATION_JSON.toString());
    private static final Headers HTML_TYPE =
            Headers.of("Content-Type", MediaType.TEXT_HTML.toString());

    /**
     * Returns a response with the given status and no body.
     *
     * @throws IllegalArgumentException for an informational status other than 101
     */
    public static Response status(Status status) {
        return new Response(status, Headers.empty(), EMPTY);
    }

    /** Returns a response with the given status code and no body. */
    public static Response status(int status) {
        return status(Status.of(status));
    }

    /** Returns 200 with no body. */
    public static Response ok() {
        return status(Status.OK);
    }

    /** Returns 204 No Content. */
    public static Response noContent() {
        return status(Status.NO_CONTENT);
    }

    /** Returns 200 with the text as {@code text/plain; charset=utf-8}. */
    public static Response text(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8), MediaType.TEXT_PLAIN);
    }

    /** Returns 200 with the markup as {@code text/html; charset=utf-8}. */
    public static Response html(String html) {
        return bytes(html.getBytes(StandardCharsets.UTF_8), MediaType.TEXT_HTML);
    }

    /** Returns 200 with the value written as {@code application/json}. */
    public static Response json(Object value) {
        return new Response(Status.OK, JSON_TYPE, new Json(value));
    }

    /** Returns 200 with these bytes and content type; the array must not change afterwards. */
    public static Response bytes(byte[] bytes, MediaType contentType) {
        return new Response(Status.OK, contentTypeHeaders(contentType), new Bytes(bytes));
    }

    /**
     * Returns 200 with the file's content and a content type guessed from its extension
     * ({@code application/octet-stream} when unknown).
     *
     * @apiNote The path is used as given: when any part of it comes from the request, check
     *     it against a base directory first, or a client can read other files.
     * @throws NotFound when the file does not exist or is not a regular file
     */
    public static Response file(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return file(path, FILE_TYPES.getOrDefault(extension, MediaType.OCTET_STREAM));
    }

    /** Returns 200 with the file's content and the given content type. */
    public static Response file(Path path, MediaType contentType) {
        if (!Files.isRegularFile(path)) {
            throw new NotFound("No such file.");
        }
        return new Response(Status.OK, contentTypeHeaders(contentType), new File(path));
    }

    /** Returns 302 Found to the location. */
    public static Response redirect(String location) {
        return redirect(Status.FOUND, location);
    }

    /**
     * Returns a redirect with the given status to the location.
     *
     * @throws IllegalArgumentException if the status is not 301, 302, 303, 307 or 308
     */
    public static Response redirect(Status status, String location) {
        int code = status.code();
        if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
            throw new IllegalArgumentException("redirect status: " + code
                    + " (expected 301, 302, 303, 307 or 308)");
        }
        return status(status).withHeader("Location", location);
    }

    /**
     * Returns 200 with a body the writer produces while it is sent, with backpressure.
     *
     * @param contentType the content type
     * @param writer called after the handler returns, on the same thread
     */
    public static Response stream(MediaType contentType, BodyWriter writer) {
        return new Response(Status.OK, contentTypeHeaders(contentType),
                new Streamed(Objects.requireNonNull(writer, "writer")));
    }

    /** Returns a field set of only this content type; the common ones are made once. */
    private static Headers contentTypeHeaders(MediaType contentType) {
        if (contentType == MediaType.TEXT_PLAIN) {
            return TEXT_TYPE;
        } else if (contentType == MediaType.APPLICATION_JSON) {
            return JSON_TYPE;
        } else if (contentType == MediaType.TEXT_HTML) {
            return HTML_TYPE;
        }
        return Headers.of("Content-Type", contentType.toString());
    }

    /** Returns a problem+json response with the problem's status. */
    public static Response problem(Problem problem) {
        return new Response(Status.of(problem.status()),
                Headers.of("Content-Type", MediaType.PROBLEM_JSON.toString()),
                new Json(problem.toMap()));
    }

    /** Returns the status. */
    public Status status() {
        return status;
    }

    /** Returns the headers set by the application (the server adds framing headers). */
    public Headers headers() {
        return headers;
    }

    /** Returns the body. */
    public Body body() {
        return body;
    }

    /** Returns the value of {@code Content-Type}, or {@code null}. */
    public String contentType() {
        return headers.firstOrNull("Content-Type");
    }

    /** Returns a copy with another status. */
    public Response withStatus(Status status) {
        return new Response(status, headers, body);
    }

    /** Returns a copy with another status code. */
    public Response withStatus(int status) {
        return withStatus(Status.of(status));
    }

    /** Returns a copy with the header set to this one value. */
    public Response withHeader(String name, String value) {
        return new Response(status, headers.toBuilder().set(name, value).build(), body);
    }

    /** Returns a copy with one more line of the header. */
    public Response addHeader(String name, String value) {
        return new Response(status, headers.toBuilder().add(name, value).build(), body);
    }

    /** Returns a copy without the header. */
    public Response withoutHeader(String name) {
        return new Response(status, headers.toBuilder().remove(name).build(), body);
    }

    /** Returns a copy with another content type. */
    public Response withContentType(MediaType contentType) {
        return withHeader("Content-Type", contentType.toString());
    }

    /** Returns a copy that also sets the cookie. */
    public Response withCookie(Cookie cookie) {
        return addHeader("Set-Cookie", cookie.toSetCookie());
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body.getClass().getSimpleName() + "]";
    }
}
