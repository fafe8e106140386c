package dev.merino.internal.websocket;

import dev.merino.http.Headers;
import dev.merino.http.Request;
import dev.merino.http.Response;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketOptions;
import dev.merino.websocket.WebSocketUpgrade;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;

/** The upgrade phase of one WebSocket request; used on the handler's thread only. */
final class Upgrade implements WebSocketUpgrade {
    private static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    /** The smallest output buffer Netty's JDK inflater asks for (JdkZlibDecoder). */
    private static final int INFLATE_HEADROOM = 512;

    private final Request request;
    private final UpgradeChannel channel;
    private final WebSocketOptions options;
    private final Supplier<ObjectMapper> json;
    private final List<String> subprotocols;
    private final List<String> extensions;
    private final Headers.Builder headers = Headers.builder();
    private WebSocketSession session;
    private Response rejection;

    Upgrade(Request request, UpgradeChannel channel, WebSocketOptions options,
            Supplier<ObjectMapper> json) {
        this.request = request;
        this.channel = channel;
        this.options = options;
        this.json = json;
        this.subprotocols = List.copyOf(Handshake.tokens(request.headers(),
                "Sec-WebSocket-Protocol"));
        this.extensions = List.copyOf(Handshake.extensionNames(request.headers()));
    }

    WebSocketSession session() {
        return session;
    }

    Response rejection() {
        return rejection;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public List<String> subprotocols() {
        return subprotocols;
    }

    @Override
    public List<String> extensions() {
        return extensions;
    }

    @Override
    public WebSocketUpgrade header(String name, String value) {
        checkUndecided();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("upgrade") || lower.equals("connection")
                || lower.startsWith("sec-websocket-")) {
            throw new IllegalArgumentException("header: '" + name + "' (set by the handshake;"
                    + " choose a subprotocol with accept(subprotocol))");
        }
        headers.add(name, value);
        return this;
    }

    @Override
    public WebSocket accept() {
        return accept(null);
    }

    @Override
    public WebSocket accept(String subprotocol) {
        checkUndecided();
        if (subprotocol != null && !subprotocols.contains(subprotocol)) {
            throw new IllegalArgumentException("subprotocol: '" + subprotocol
                    + "' (the client offered " + subprotocols + ")");
        }
        WebSocketServerExtension deflate = options.compression() ? negotiateDeflate() : null;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        for (Map.Entry<String, String> header : headers.build()) {
            response.headers().add(header.getKey(), header.getValue());
        }
        response.headers()
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, Handshake.acceptKey(
                        request.headers().firstOrNull("Sec-WebSocket-Key")));
        if (subprotocol != null) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
        }
        if (deflate != null) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
                    describe(deflate.newReponseData()));
        }
        session = new WebSocketSession(channel.channel(), request, subprotocol, deflate != null,
                options, json);
        if (!channel.switchProtocols(response, pipeline -> install(pipeline, deflate))) {
            session.connectionEnded();
        }
        return session;
    }

    @Override
    public void reject(Response response) {
        checkUndecided();
        if (response.status().code() < 300) {
            throw new IllegalArgumentException("response status: " + response.status().code()
                    + " (a refusal is a 3xx, 4xx or 5xx)");
        }
        rejection = response;
    }

    private void checkUndecided() {
        if (session != null) {
            throw new IllegalStateException("The WebSocket upgrade was already accepted");
        }
        if (rejection != null) {
            throw new IllegalStateException("The WebSocket upgrade was already rejected");
        }
    }

    private void install(ChannelPipeline pipeline, WebSocketServerExtension deflate) {
        // Merino's own decoder: it checks UTF-8 as bytes arrive and refuses close codes a peer
        // may not send, which Netty's decoder does not.
        pipeline.addLast("ws-decoder", new FrameDecoder(options.maxMessageSize(),
                deflate != null));
        pipeline.addLast("ws-encoder", new WebSocket13FrameEncoder(false));
        if (deflate != null) {
            pipeline.addLast("ws-inflate", deflate.newExtensionDecoder());
            pipeline.addLast("ws-deflate", deflate.newExtensionEncoder());
        }
        pipeline.addLast("ws-session", session.handler());
    }

    /**
     * Accepts the first permessage-deflate offer this server can honour (RFC 7692 section
     * 5.1): the client's window and no-context-takeover parameters are applied; an offer that
     * asks for a smaller server window is declined, since the JDK's deflater cannot narrow it.
     * Legacy deflate-frame offers are never accepted.
     */
    private WebSocketServerExtension negotiateDeflate() {
        String header = request.headers().firstOrNull("Sec-WebSocket-Extensions");
        if (header == null) {
            return null;
        }
        String all = String.join(",", request.headers().all("Sec-WebSocket-Extensions"));
        // Netty's inflater refuses to finish a frame once fewer than 512 bytes (its smallest
        // output buffer) are left below this bound, whether or not the rest would fit; so
        // the bound has that much room above the limit, which the session enforces exactly.
        int inflateBound = (int) Math.min(Integer.MAX_VALUE,
                options.maxMessageSize() + (long) INFLATE_HEADROOM);
        PerMessageDeflateServerExtensionHandshaker handshaker =
                new PerMessageDeflateServerExtensionHandshaker(6, false, 15, true, false,
                        inflateBound);
        List<WebSocketExtensionData> offers;
        try {
            offers = WebSocketExtensionUtil.extractExtensions(all);
        } catch (RuntimeException e) {
            // A header that does not parse offers nothing (RFC 7692 section 5: the server
            // declines what it cannot accept); the handshake itself is still valid.
            return null;
        }
        for (WebSocketExtensionData offer : offers) {
            if (offer.name().equals(PERMESSAGE_DEFLATE)) {
                WebSocketServerExtension accepted = accept(handshaker, offer);
                if (accepted != null) {
                    return accepted;
                }
            }
        }
        return null;
    }

    /**
     * Returns the extension for an offer, or null to decline it. RFC 7692 section 5 declines an
     * offer with an invalid parameter value; Netty's handshaker throws on a window size that is
     * not a number instead.
     */
    private static WebSocketServerExtension accept(
            PerMessageDeflateServerExtensionHandshaker handshaker, WebSocketExtensionData offer) {
        try {
            return handshaker.handshakeExtension(offer);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(WebSocketExtensionData data) {
        StringBuilder value = new StringBuilder(data.name());
        for (Map.Entry<String, String> parameter : data.parameters().entrySet()) {
            value.append("; ").append(parameter.getKey());
            if (parameter.getValue() != null) {
                value.append('=').append(parameter.getValue());
            }
        }
        return value.toString();
    }
}
