package dev.merino.internal.inject;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoped services of one request or WebSocket session: built when first asked for, closed
 * in reverse order when the handler returns. Owned by the request's thread; not thread-safe.
 */
public final class Scope implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.merino.inject");

    private final Object[] instances;
    private List<AutoCloseable> closeables;

    Scope(int size) {
        this.instances = new Object[size];
    }

    Object get(int slot) {
        return instances[slot];
    }

    void put(int slot, Object instance) {
        instances[slot] = instance;
        if (instance instanceof AutoCloseable closeable) {
            if (closeables == null) {
                closeables = new ArrayList<>(2);
            }
            closeables.add(closeable);
        }
    }

    /** Closes the closeable services, the last built first; a failure is logged, not thrown. */
    @Override
    public void close() {
        if (closeables == null) {
            return;
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable closeable = closeables.get(i);
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Closing the scoped service {} failed; make its close() not throw",
                        closeable.getClass().getName(), e);
            }
        }
        closeables = null;
    }
}
