package dev.merino.binding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One reason a request does not fit a handler's parameters, as listed in the {@code errors}
 * member of the 400 (or 422) problem body.
 *
 * @param in where the value comes from: {@code path}, {@code query}, {@code header},
 *     {@code cookie} or {@code body}
 * @param name the parameter's name (for a body, the property path, or {@code body})
 * @param detail what was expected, for the client; never the value that was sent
 */
public record BindingError(String in, String name, String detail) {

    /** Checks that no member is null. */
    public BindingError {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    /** Returns the error as the JSON object of the problem body. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("in", in);
        map.put("name", name);
        map.put("detail", detail);
        return map;
    }
}
