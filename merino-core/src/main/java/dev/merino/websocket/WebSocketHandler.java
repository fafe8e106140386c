package dev.merino.websocket;

/**
 * Serves a WebSocket route, both phases in one method.
 *
 * <pre>{@code
 * app.ws("/echo/{room}", upgrade -> {
 *     if (!rooms.contains(upgrade.request().pathParam("room"))) {
 *         throw new NotFound("No such room.");          // 404 problem+json, no handshake
 *     }
 *     WebSocket socket = upgrade.accept();               // 101 Switching Protocols
 *     for (WebSocketMessage message : socket) {          // until the peer closes
 *         socket.send(message.text());
 *     }
 * });                                                    // returning closes with 1000
 * }</pre>
 *
 * <p>Called on a virtual thread of its own, after the application's filters, so it may block.
 * Before {@link WebSocketUpgrade#accept()} the call is an ordinary HTTP exchange: what it
 * throws is mapped by the application's exception handlers into the HTTP response the client
 * gets (an {@code Unauthorized} gives 401 with its challenge), {@link WebSocketUpgrade#reject}
 * answers with a response of its choice, and returning without either gives 403.
 *
 * <p>After accepting, the session lasts until the method returns: returning closes it with
 * 1000 (if it is still open), a {@link WebSocketCloseException} closes it with its code, an
 * {@link dev.merino.http.HttpException} with 4000 + its status for a 4xx (1009 for 413, 1013
 * for 503, 1011 for other 5xx), and any other exception with 1011 and an error id that is
 * also in the ERROR log line.
 */
@FunctionalInterface
public interface WebSocketHandler {

    /** Handles an upgrade request and, once accepted, the session. */
    void handle(WebSocketUpgrade upgrade) throws Exception;
}
