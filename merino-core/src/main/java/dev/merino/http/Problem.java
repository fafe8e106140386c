package dev.merino.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 9457 problem details, the default body of error responses
 * ({@code application/problem+json}).
 *
 * @param type a URI that identifies the problem type, or {@code null} for {@code about:blank}
 * @param title a short summary of the problem type
 * @param status the HTTP status code
 * @param detail an explanation of this occurrence for the client, or {@code null}
 * @param instance a URI reference for this occurrence (Merino uses the request path), or
 *     {@code null}
 * @param extensions further members, written after the standard ones
 */
public record Problem(String type, String title, int status, String detail, String instance,
        Map<String, Object> extensions) {

    /** Copies the extensions, keeping their order and any null values. */
    public Problem {
        // Not Map.copyOf: its iteration order changes from run to run and it refuses nulls.
        extensions = extensions == null || extensions.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Returns a copy with one more extension member. */
    public Problem withExtension(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new Problem(type, title, status, detail, instance, copy);
    }

    /** Returns the members in their JSON order, leaving out those that are null. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type == null ? "about:blank" : type);
        map.put("title", title);
        map.put("status", status);
        if (detail != null) {
            map.put("detail", detail);
        }
        if (instance != null) {
            map.put("instance", instance);
        }
        extensions.forEach(map::putIfAbsent);
        return map;
    }
}
