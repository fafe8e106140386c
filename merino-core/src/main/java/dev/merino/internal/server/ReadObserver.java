package dev.merino.internal.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Tells the connection that bytes arrived, before the decoder sees them, for its timers. */
final class ReadObserver extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;

    ReadObserver(HttpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.onBytes();
        ctx.fireChannelRead(msg);
    }
}
