package dev.merino.internal.app;

import dev.merino.http.MediaType;
import dev.merino.http.Problem;
import dev.merino.http.Response;

/** Converts handler return values into responses. */
final class Results {
    private Results() {
    }

    static Response toResponse(Object value) {
        return switch (value) {
            case null -> Response.noContent();
            case Response response -> response;
            case String text -> Response.text(text);
            case byte[] bytes -> Response.bytes(bytes, MediaType.OCTET_STREAM);
            // Written as plain JSON, a Problem would go out as a 200 with the wrong type.
            case Problem problem -> Response.problem(problem);
            default -> Response.json(value);
        };
    }
}
