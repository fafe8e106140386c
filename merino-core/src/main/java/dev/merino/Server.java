package dev.merino;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A running server, returned by {@link App#start(int)}. Thread-safe. */
public interface Server extends AutoCloseable {

    /** Returns the address the server listens on, with the real port when 0 was asked. */
    InetSocketAddress address();

    /** Returns the port the server listens on. */
    default int port() {
        return address().getPort();
    }

    /**
     * Stops gracefully: stops accepting, closes idle connections, lets in-flight requests finish
     * (their responses carry {@code Connection: close}) for up to the drain time, then closes
     * what is left. Blocks until done; calling it again does nothing.
     *
     * <p>Called while serving a request (by a filter or handler, on its request's thread or on
     * an event loop for a non-blocking route), it starts the stop and returns at once, since the
     * drain would wait for that very request: the response still goes out, with
     * {@code Connection: close}, and the stop ends once the in-flight requests have. This holds
     * for a request of any Merino server in the JVM. A thread that a handler starts and waits
     * for does not serve the request itself: there, this waits for the drain.
     */
    void stop(Duration drain);

    /** Stops with the configured {@link ServerConfig#shutdownTimeout()}. */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
