package dev.merino.internal.app;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application's JSON mapper: the one the application was given, or Jackson's defaults built
 * on the first call to {@link #get()}.
 *
 * <p>Building the default mapper loads some 800 classes of Jackson, close to half a second of a
 * cold start on one core; a server whose first requests read and write no JSON should not wait
 * for it. Whoever first needs JSON (a JSON body, a JSON or problem+json response, a WebSocket
 * JSON message, a controller's JSON parameter at start) pays that cost once, on its own thread.
 *
 * <p>Thread-safe. The build runs under a {@link ReentrantLock}, not a monitor, so virtual
 * threads that wait for it do not pin their carriers.
 */
public final class LazyMapper implements Supplier<ObjectMapper> {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ObjectMapper mapper;

    private LazyMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Returns a source of the given mapper. */
    public static LazyMapper of(ObjectMapper mapper) {
        return new LazyMapper(Objects.requireNonNull(mapper, "mapper"));
    }

    /** Returns a source that builds Jackson's default mapper on first use, once. */
    public static LazyMapper defaults() {
        return new LazyMapper(null);
    }

    /** Returns the mapper, building it first if this is the first call. May take a while once. */
    @Override
    public ObjectMapper get() {
        ObjectMapper current = mapper;
        if (current != null) {
            return current;
        }
        lock.lock();
        try {
            if (mapper == null) {
                mapper = JsonMapper.builder().build();
            }
            return mapper;
        } finally {
            lock.unlock();
        }
    }
}
