package dev.merino.internal.websocket;

import dev.merino.Handler;
import dev.merino.http.Forbidden;
import dev.merino.http.HttpException;
import dev.merino.http.Request;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.internal.app.Errors;
import dev.merino.websocket.CloseCode;
import dev.merino.websocket.WebSocketCloseException;
import dev.merino.websocket.WebSocketHandler;
import dev.merino.websocket.WebSocketOptions;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * A WebSocket route's handler as the router stores it: the application's
 * {@link WebSocketHandler} and its options. The application's filter chain ends in
 * {@link #serve}, which runs both phases on the request's thread.
 */
public final class WebSocketEndpoint implements Handler {
    private static final Logger log = LoggerFactory.getLogger("dev.merino.websocket");
    /** What the chain returns once the session ran; the transport sends nothing for it. */
    public static final Response UPGRADED = Response.status(Status.SWITCHING_PROTOCOLS);

    private final WebSocketOptions options;
    private final WebSocketHandler handler;

    /** Creates the endpoint. */
    public WebSocketEndpoint(WebSocketOptions options, WebSocketHandler handler) {
        this.options = Objects.requireNonNull(options, "options");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Returns the options. */
    public WebSocketOptions options() {
        return options;
    }

    /** Returns the application's handler. */
    public WebSocketHandler handler() {
        return handler;
    }

    /** Never called: the server serves WebSocket routes through {@link #serve}. */
    @Override
    public Object handle(Request request) {
        throw new IllegalStateException("A WebSocket route is served by the server's upgrade,"
                + " not called as an HTTP handler");
    }

    /**
     * Checks the handshake, runs the handler and, once it accepted, the session. Returns the
     * HTTP response when the upgrade was refused, or {@link #UPGRADED}. Throws what the handler
     * threw before accepting, for the exception handlers to map.
     */
    public Response serve(Request request, UpgradeChannel channel, Supplier<ObjectMapper> json,
            boolean development) throws Exception {
        Handshake.validate(request, channel.isHttp11(), channel.hasBody());
        Upgrade upgrade = new Upgrade(request, channel, options, json);
        try {
            handler.handle(upgrade);
        } catch (Throwable e) {
            WebSocketSession session = upgrade.session();
            if (session == null) {
                throw e;
            }
            closeFor(session, e, development);
            return UPGRADED;
        }
        WebSocketSession session = upgrade.session();
        if (session != null) {
            session.close(CloseCode.NORMAL, "");
            log.debug("WebSocket handler for {} returned", Errors.where(request));
            return UPGRADED;
        }
        Response rejection = upgrade.rejection();
        if (rejection != null) {
            return rejection;
        }
        throw new Forbidden("The WebSocket handler did not accept the connection.");
    }

    /** Ends a session whose handler threw after accepting, with the code the exception means. */
    private static void closeFor(WebSocketSession session, Throwable e, boolean development) {
        String where = Errors.where(session.request());
        if (!session.isOpen()) {
            // The first close won; this exception changes nothing on the wire.
            log.debug("WebSocket handler for {} ended after the session closed: {}", where,
                    e.toString());
            return;
        }
        switch (e) {
            case WebSocketCloseException close -> {
                log.debug("WebSocket handler for {} closed the session with {}", where,
                        close.code());
                session.close(close.code(), close.reason());
            }
            case HttpException http -> {
                CloseCode code = codeFor(http.status());
                log.warn("WebSocket handler for {} threw {} after accepting; closing with {}",
                        where, http.toString(), code);
                session.close(code, http.detail() != null ? http.detail()
                        : http.status().reason());
            }
            default -> {
                String errorId = Errors.newErrorId();
                log.error("Unhandled exception in the WebSocket handler for {}; closing with"
                        + " 1011 (error id {})", where, errorId, e);
                session.close(CloseCode.INTERNAL_ERROR, development ? e.toString()
                        : "Internal server error (error id " + errorId + ")");
            }
        }
    }

    /**
     * Returns the close code for an HTTP status thrown after the handshake: an HTTP status is
     * never a close code by number, so a 4xx becomes 4000 + status in the private range,
     * 413 the protocol's own 1009, 503 1013, and any other 5xx 1011.
     */
    static CloseCode codeFor(Status status) {
        int code = status.code();
        if (code == 413) {
            return CloseCode.MESSAGE_TOO_BIG;
        }
        if (code == 503) {
            return CloseCode.TRY_AGAIN_LATER;
        }
        if (code >= 400 && code < 500) {
            return CloseCode.application(4000 + code);
        }
        return CloseCode.INTERNAL_ERROR;
    }
}
