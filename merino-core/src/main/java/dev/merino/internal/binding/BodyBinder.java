package dev.merino.internal.binding;

import dev.merino.http.MediaType;
import dev.merino.http.Request;
import dev.merino.http.UnsupportedMediaType;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * Binds the request body: as text, bytes, a stream, or JSON read into the parameter's type.
 */
final class BodyBinder implements ParameterBinder {

    /** How the body is read. */
    enum Kind {
        TEXT, BYTES, STREAM, JSON
    }

    private final Kind kind;
    /** The type and the mapper of a JSON body; null for the other kinds. */
    private final JavaType type;
    private final ObjectMapper json;
    private final boolean required;
    private final boolean optional;

    BodyBinder(Kind kind, JavaType type, ObjectMapper json, boolean required, boolean optional) {
        this.kind = kind;
        this.type = type;
        this.json = json;
        this.required = required;
        this.optional = optional;
    }

    @Override
    public Object bind(Request request, BindContext context) {
        return switch (kind) {
            case TEXT -> request.text();
            case BYTES -> request.body();
            case STREAM -> request.bodyStream();
            case JSON -> readJson(request);
        };
    }

    private Object readJson(Request request) {
        // Only a missing Content-Type is taken for JSON; one that does not parse is not JSON.
        if (request.headers().contains("Content-Type")) {
            Optional<MediaType> contentType = request.contentType();
            if (contentType.isEmpty() || !contentType.get().isJson()) {
                throw new UnsupportedMediaType("Expected a JSON body (application/json).");
            }
        }
        byte[] content = request.body();
        Object value = null;
        if (content.length > 0) {
            try {
                value = json.readValue(content, type);
            } catch (DatabindException e) {
                return BindingFailure.of("body", pathOf(e), "Does not match the expected shape"
                        + locate(e.getLocation()) + ".");
            } catch (JacksonException e) {
                return BindingFailure.of("body", "body",
                        "Not valid JSON" + locate(e.getLocation()) + ".");
            }
        }
        if (value == null) {
            if (required) {
                return BindingFailure.of("body", "body", "Required: a JSON body.");
            }
            return optional ? Optional.empty() : null;
        }
        return optional ? Optional.of(value) : value;
    }

    private static String locate(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String pathOf(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
