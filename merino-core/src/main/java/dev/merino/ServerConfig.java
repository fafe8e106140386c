package dev.merino;

import java.time.Duration;

/**
 * Server settings: limits, timeouts and threads. Defaults protect the server; every value can
 * be changed with the {@code withX} copies.
 *
 * @param host the address to listen on; {@code 0.0.0.0} for every interface (IPv6 too where the
 *     system binds both)
 * @param maxRequestLineSize the longest request line (method, target, version) in bytes;
 *     longer gets 414
 * @param maxHeaderSize the largest header block in bytes; larger gets 431
 * @param maxBodySize the largest request body in bytes unless a route says otherwise; larger
 *     gets 413 and the connection is closed
 * @param headerTimeout how long a client may take to send a request's headers once it started;
 *     slower gets 408 and the connection is closed
 * @param idleTimeout how long a keep-alive connection may wait for its next request, or a
 *     request body for its next bytes, before it is closed; time in which the server does not
 *     read because the handler is behind on the body does not count
 * @param shutdownTimeout how long {@link Server#stop()} lets in-flight requests finish
 * @param ioThreads the number of event-loop threads, or 0 for one per core
 * @param nativeTransport whether to use native epoll when the platform has it
 * @param development whether error responses show exception details; never in production
 * @param virtualThreadsOnEventLoop whether request threads are virtual threads scheduled on the
 *     event loop that reads their connection, instead of on the JDK's shared carrier threads;
 *     faster, with conditions: see {@link #withVirtualThreadsOnEventLoop(boolean)}
 */
public record ServerConfig(String host, int maxRequestLineSize, int maxHeaderSize,
        long maxBodySize, Duration headerTimeout, Duration idleTimeout, Duration shutdownTimeout,
        int ioThreads, boolean nativeTransport, boolean development,
        boolean virtualThreadsOnEventLoop) {

    /** Checks every value. */
    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: '" + host + "' (expected an address)");
        }
        positive("maxRequestLineSize", maxRequestLineSize);
        positive("maxHeaderSize", maxHeaderSize);
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize: " + maxBodySize
                    + " (expected >= 0)");
        }
        positive("headerTimeout", headerTimeout);
        positive("idleTimeout", idleTimeout);
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout: " + shutdownTimeout
                    + " (expected >= 0)");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads
                    + " (expected 0 for one per core, or more)");
        }
    }

    /** Returns the defaults of DESIGN section 5: 8 KiB line, 16 KiB headers, 10 MiB body. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8 * 1024, 16 * 1024, 10L * 1024 * 1024,
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30), 0, true,
                false, false);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected > 0)");
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected > 0)");
        }
    }

    /** Returns a copy listening on another address. */
    public ServerConfig withHost(String host) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with another request line limit. */
    public ServerConfig withMaxRequestLineSize(int maxRequestLineSize) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with another header block limit. */
    public ServerConfig withMaxHeaderSize(int maxHeaderSize) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with another default body limit. */
    public ServerConfig withMaxBodySize(long maxBodySize) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with another header timeout. */
    public ServerConfig withHeaderTimeout(Duration headerTimeout) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with another idle timeout. */
    public ServerConfig withIdleTimeout(Duration idleTimeout) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with another shutdown drain time. */
    public ServerConfig withShutdownTimeout(Duration shutdownTimeout) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with another number of event-loop threads. */
    public ServerConfig withIoThreads(int ioThreads) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with native transport allowed or not. */
    public ServerConfig withNativeTransport(boolean nativeTransport) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /** Returns a copy with development mode on or off. */
    public ServerConfig withDevelopment(boolean development) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }

    /**
     * Returns a copy with request threads scheduled on the event loops, or on the JDK's carrier
     * threads (the default).
     *
     * <p>By default a request's virtual thread runs on the JDK's carrier threads, and every
     * request and every WebSocket message crosses from the event loop's thread to a carrier
     * and back: on a busy server that hand-over is most of what a small request costs. On the
     * event loop, a request's thread runs on the thread that read the request, in turns with
     * the loop's own work, and nothing crosses. Handlers still block as they like: a thread that
     * waits (a lock, a monitor, a sleep, a socket, a request body, a full send buffer) leaves the
     * loop free until it can go on. The conditions:
     * <ul>
     *   <li>A handler that computes for long, or a call that holds its carrier (file reads,
     *       native code, a class initializer that waits), holds the loop, and with it every
     *       connection of that loop, as a non-blocking route does. If what it waits for needs
     *       that same loop (a class initializer calling this server), it waits until its own
     *       timeout. Hand long work to a thread of your own: virtual threads a handler starts
     *       run on the JDK's carriers, not on the loop.
     *   <li>A connection's handlers run on its loop only: no other loop takes over work from a
     *       busy one.
     *   <li>It needs JDK 24 or newer, where a virtual thread waiting for a monitor leaves its
     *       carrier, and the JDK's internal virtual-thread builder that takes a scheduler, which
     *       the JVM option {@code --add-opens java.base/java.lang=ALL-UNNAMED} opens. Without
     *       either, the server does not start and says which is missing.
     * </ul>
     * Request threads inherit no inheritable thread-locals in either mode, and get the context
     * class loader of the thread that started the server. Threads resumed after the server
     * stopped (a handler outliving the drain) finish on a platform thread.
     */
    public ServerConfig withVirtualThreadsOnEventLoop(boolean virtualThreadsOnEventLoop) {
        return new ServerConfig(host, maxRequestLineSize, maxHeaderSize, maxBodySize,
                headerTimeout, idleTimeout, shutdownTimeout, ioThreads, nativeTransport,
                development, virtualThreadsOnEventLoop);
    }
}
