package dev.merino.websocket;

import dev.merino.http.Request;
import dev.merino.http.Response;
import java.util.List;

/**
 * A WebSocket upgrade request that its handler may accept or refuse. Used on the handler's
 * thread only.
 */
public interface WebSocketUpgrade {

    /** Returns the upgrade request: path parameters, query, headers, cookies. */
    Request request();

    /** Returns the subprotocols the client offered, in its order of preference. */
    List<String> subprotocols();

    /** Returns the names of the extensions the client offered, in its order. */
    List<String> extensions();

    /**
     * Adds a header to the {@code 101 Switching Protocols} response.
     *
     * @throws IllegalArgumentException if the name or value is invalid, or names a header the
     *     handshake itself sets ({@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-*})
     * @throws IllegalStateException once accepted or rejected
     */
    WebSocketUpgrade header(String name, String value);

    /**
     * Accepts without a subprotocol: sends {@code 101 Switching Protocols} and returns the
     * session.
     *
     * @throws IllegalStateException if already accepted or rejected
     */
    WebSocket accept();

    /**
     * Accepts with one of the subprotocols the client offered.
     *
     * @throws IllegalArgumentException if the client did not offer it
     * @throws IllegalStateException if already accepted or rejected
     */
    WebSocket accept(String subprotocol);

    /**
     * Refuses the upgrade with this response, sent as it is once the handler returns (filters
     * on the way out see it like any response).
     *
     * @throws IllegalArgumentException if the response is a 1xx or 2xx
     * @throws IllegalStateException if already accepted or rejected
     */
    void reject(Response response);
}
