package dev.merino.internal.server;

import dev.merino.http.Headers;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Request headers as the application sees them: a read-only view of Netty's, not a copy. */
final class NettyHeaders implements Headers {
    private final HttpHeaders headers;

    NettyHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    @Override
    public Optional<String> first(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public String firstOrNull(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> all(String name) {
        return Collections.unmodifiableList(headers.getAll(name));
    }

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        Iterator<Map.Entry<String, String>> it = headers.iteratorAsString();
        outer:
        while (it.hasNext()) {
            String name = it.next().getKey();
            for (String seen : names) {
                if (seen.equalsIgnoreCase(name)) {
                    continue outer;
                }
            }
            names.add(name);
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public int size() {
        return headers.size();
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        Iterator<Map.Entry<String, String>> it = headers.iteratorAsString();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<String, String> next() {
                Map.Entry<String, String> entry = it.next();
                return Map.entry(entry.getKey(), entry.getValue());
            }
        };
    }

    @Override
    public String toString() {
        return "Headers" + names();
    }
}
