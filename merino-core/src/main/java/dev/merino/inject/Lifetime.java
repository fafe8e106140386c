package dev.merino.inject;

/** How long a service instance lives. */
public enum Lifetime {
    /** One instance for the application, built at start and closed at stop if it is closeable. */
    SINGLETON,
    /**
     * One instance per request (or WebSocket session), built when first needed and closed when
     * the handler returns if it is {@link AutoCloseable}.
     */
    SCOPED,
    /** A new instance wherever one is needed; never closed by the container. */
    TRANSIENT
}
