package dev.merino.internal.server;

/** What every connection of a server may ask of it. */
final class ServerState {
    private volatile boolean stopping;

    boolean isStopping() {
        return stopping;
    }

    void markStopping() {
        stopping = true;
    }
}
