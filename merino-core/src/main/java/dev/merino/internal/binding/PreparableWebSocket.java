package dev.merino.internal.binding;

import dev.merino.websocket.WebSocketHandler;

/** A WebSocket handler declared before start whose binding plan is built at start. */
public interface PreparableWebSocket {

    /**
     * Builds the plan and returns the handler that serves the route of the given template.
     *
     * @throws IllegalStateException naming the parameter that cannot be bound
     */
    WebSocketHandler prepare(Setup setup, String template);
}
