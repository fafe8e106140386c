package dev.merino.internal.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SingleThreadIoEventLoop;

/**
 * Holds a connection's flushes back to one per turn of its event loop, for request threads
 * scheduled on that loop ({@link LoopThreads}).
 *
 * <p>Netty's flush consolidation queues its delayed flush behind the tasks already queued. On
 * the loop, the response of each pipelined request is written by a task that the request's
 * thread queued, and the next request's thread is queued right behind it: a flush queued then
 * would run between two responses and send each alone. Here the delayed flush runs after the
 * loop has run every queued task, so a batch of pipelined responses leaves in one write, and a
 * flush asked for within a read waits for the end of the read, as with Netty's handler.
 * Whatever happens, at most {@link #MAX_PENDING} flushes wait.
 */
final class IterationFlush extends ChannelDuplexHandler {
    /** Flushes held back at most before one goes through at once. */
    static final int MAX_PENDING = 256;

    private final Runnable flushTask = this::flushIfPending;
    private ChannelHandlerContext ctx;
    private boolean reading;
    private boolean scheduled;
    private int pending;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (++pending >= MAX_PENDING) {
            flushNow();
        } else if (!reading && !scheduled) {
            scheduled = true;
            // An I/O loop runs the tasks queued for after its turn once it has run the others.
            if (ctx.channel().eventLoop() instanceof SingleThreadIoEventLoop loop) {
                loop.executeAfterEventLoopIteration(flushTask);
            } else {
                ctx.channel().eventLoop().execute(flushTask);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readEnded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        readEnded();
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            // What is held back must go out for the channel to drain and become writable.
            flushIfPending();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        readEnded();
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        readEnded();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        flushIfPending();
    }

    /** A read ended, or the connection does: what was held back for it goes out. */
    private void readEnded() {
        reading = false;
        flushIfPending();
    }

    private void flushIfPending() {
        scheduled = false;
        if (pending > 0) {
            flushNow();
        }
    }

    private void flushNow() {
        pending = 0;
        ctx.flush();
    }
}
