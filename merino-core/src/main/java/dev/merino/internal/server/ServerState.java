package dev.merino.internal.server;

/** What every connection of a server may ask of it. */
final class ServerState {
    /** The server whose request the current thread runs, on request threads. */
    private static final ThreadLocal<ServerState> SERVING = new ThreadLocal<>();

    private volatile boolean stopping;

    boolean isStopping() {
        return stopping;
    }

    void markStopping() {
        stopping = true;
    }

    /** Marks the current thread, a new thread per request, as running a request of this server. */
    void markServing() {
        SERVING.set(this);
    }

    /** Returns whether the current thread runs a request of this server. */
    boolean isServing() {
        return SERVING.get() == this;
    }
}
