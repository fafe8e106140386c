package dev.merino.internal.websocket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponse;
import java.util.function.Consumer;

/**
 * What the HTTP transport lends a WebSocket upgrade: the request's connection, its channel
 * and the protocol switch.
 */
public interface UpgradeChannel {

    /** Returns the connection's channel. */
    Channel channel();

    /**
     * Writes the {@code 101} response, then replaces the HTTP handlers with the ones
     * {@code install} adds at the end of the pipeline. Called on the request thread; the switch
     * itself happens on the event loop, before any later byte is read. Returns false when the
     * connection is already gone with its server, and nothing was written.
     */
    boolean switchProtocols(HttpResponse response, Consumer<ChannelPipeline> install);

    /** Returns whether the upgrade request is HTTP/1.1. */
    boolean isHttp11();

    /** Returns whether the upgrade request declared a body. */
    boolean hasBody();
}
