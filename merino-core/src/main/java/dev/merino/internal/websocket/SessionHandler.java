package dev.merino.internal.websocket;

import dev.merino.internal.app.Errors;
import dev.merino.websocket.CloseCode;
import dev.merino.websocket.WebSocketMessage;
import dev.merino.websocket.WebSocketOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The protocol side of a {@link WebSocketSession}, last in the channel's pipeline: assembles
 * messages from frames, answers Pings and the peer's Close, fails the connection on protocol
 * errors, runs the close-reply timer and keep-alive pings, and drops anything written after
 * the Close frame. Every field is owned by the channel's event loop.
 */
final class SessionHandler extends ChannelDuplexHandler {
    /** How long a handler may go on answering messages that came before a violation. */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WebSocketSession session;
    private final WebSocketOptions options;
    private ChannelHandlerContext ctx;
    private CompositeByteBuf fragments;
    private boolean fragmentsText;
    private boolean peerClosed;
    private boolean closeWritten;
    private boolean failed;
    private ScheduledFuture<?> closeTimer;
    private ScheduledFuture<?> pingTimer;
    private long lastRead;

    SessionHandler(WebSocketSession session) {
        this.session = session;
        this.options = session.options();
    }

    WebSocketSession session() {
        return session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastRead = System.nanoTime();
        if (!ctx.channel().isActive()) {
            session.connectionEnded();
            return;
        }
        if (!options.pingInterval().isZero()) {
            long interval = options.pingInterval().toNanos();
            pingTimer = ctx.executor().scheduleAtFixedRate(this::keepAlive, interval, interval,
                    TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastRead = System.nanoTime();
        try {
            if (failed) {
                // RFC 6455 section 7.1.7: nothing more from a peer that broke the protocol.
                return;
            }
            if (frame.rsv() != 0) {
                // RFC 6455 section 5.2: reserved bits no extension claimed.
                fail(CloseCode.PROTOCOL_ERROR, "Reserved bits set");
                return;
            }
            switch (frame) {
                case CloseWebSocketFrame close -> onClose(close);
                case PingWebSocketFrame ping -> onPing(ping);
                case PongWebSocketFrame pong -> {
                    // Proof of life is all a Pong carries; lastRead is updated.
                }
                default -> {
                    if (!closeWritten && !peerClosed) {
                        onData(frame);
                    }
                }
            }
        } finally {
            frame.release();
        }
    }

    private void onPing(PingWebSocketFrame ping) {
        // Nothing the peer sends after its Close is answered (RFC 6455 section 5.5.1).
        if (!closeWritten && !peerClosed) {
            // RFC 6455 section 5.5.2: a Pong with the same application data.
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        }
    }

    private void onData(WebSocketFrame frame) {
        boolean start = frame instanceof TextWebSocketFrame
                || frame instanceof BinaryWebSocketFrame;
        if (start == (fragments != null) || (!start
                && !(frame instanceof ContinuationWebSocketFrame))) {
            // RFC 6455 section 5.4: continuation only inside a message, data frames not inside.
            fail(CloseCode.PROTOCOL_ERROR, "Unexpected frame in a fragmented message");
            return;
        }
        if (start && frame instanceof BinaryWebSocketFrame && options.textOnly()) {
            fail(CloseCode.UNSUPPORTED_DATA, "This endpoint accepts text messages only");
            return;
        }
        ByteBuf content = frame.content();
        long size = content.readableBytes() + (fragments == null ? 0
                : fragments.readableBytes());
        if (size > options.maxMessageSize()) {
            fail(CloseCode.MESSAGE_TOO_BIG, "Message larger than " + options.maxMessageSize()
                    + " bytes");
            return;
        }
        if (start && frame.isFinalFragment()) {
            deliver(frame instanceof TextWebSocketFrame, content);
            return;
        }
        if (start) {
            fragments = ctx.alloc().compositeBuffer(1024);
            fragmentsText = frame instanceof TextWebSocketFrame;
        }
        fragments.addComponent(true, content.retain());
        if (frame.isFinalFragment()) {
            CompositeByteBuf whole = fragments;
            fragments = null;
            try {
                deliver(fragmentsText, whole);
            } finally {
                whole.release();
            }
        }
    }

    private void deliver(boolean text, ByteBuf content) {
        WebSocketMessage message;
        if (text) {
            try {
                // Without compression the frame decoder checked every byte as it arrived;
                // inflated text is checked here, where it first exists.
                message = WebSocketMessage.text(session.isCompressed()
                        ? WebSocketSession.decodeText(content)
                        : content.toString(StandardCharsets.UTF_8));
            } catch (CharacterCodingException e) {
                fail(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8 in a text message");
                return;
            }
        } else {
            message = WebSocketMessage.binary(ByteBufUtil.getBytes(content));
        }
        if (session.deliver(message, content.readableBytes())) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void onClose(CloseWebSocketFrame close) {
        int code = close.statusCode();
        if (code != -1 && !CloseCode.isSendable(code)) {
            // RFC 6455 section 7.4: 1005, 1006, 1015 and unassigned codes never travel.
            fail(CloseCode.PROTOCOL_ERROR, "Invalid close code");
            return;
        }
        String reason;
        try {
            ByteBuf content = close.content();
            reason = content.readableBytes() <= 2 ? "" : WebSocketSession.decodeText(
                    content.slice(content.readerIndex() + 2, content.readableBytes() - 2));
        } catch (CharacterCodingException e) {
            fail(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8 in the close reason");
            return;
        }
        peerClosed = true;
        CloseCode received = code == -1 ? CloseCode.NO_STATUS_RECEIVED : new CloseCode(code);
        if (closeWritten) {
            // The reply to the server's own Close: the handshake is complete.
            cancelTimers();
            ctx.close();
        } else if (session.peerClosedAfterDrain(received, reason)) {
            // RFC 6455 section 5.5.1: the echo goes out once the handler has answered what
            // came before the Close, at most DRAIN_NANOS from now; then, as the server, this
            // side closes the TCP connection first (section 7.1.1).
            ctx.executor().schedule(session::sendOwedClose, DRAIN_NANOS,
                    TimeUnit.NANOSECONDS);
        }
        // Otherwise the server's Close is on its way from another thread and will see
        // peerClosed.
    }

    /**
     * Writes the session's one Close frame; on the event loop. Unless the peer's Close came
     * first, the connection then stays open for reading until the peer's Close, the end of its
     * stream, or the close timeout; with {@code fail}, the server's side is shut at once.
     */
    void writeClose(CloseCode code, String reason, boolean fail) {
        if (!ctx.channel().isActive()) {
            return;
        }
        closeWritten = true;
        releaseFragments();
        // An echo of a Close without a code carries none either (RFC 6455 section 5.5.1).
        ChannelFuture written = ctx.writeAndFlush(code.equals(CloseCode.NO_STATUS_RECEIVED)
                ? new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER)
                : new CloseWebSocketFrame(code.code(), reason));
        if (peerClosed) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }

        // The peer's Close comes after whatever it sent before it, so reading goes on even if
        // a full inbox paused it; what arrives now is dropped. Closing with the peer's bytes
        // unread would make the kernel answer with a TCP RST instead of a FIN, and a peer that
        // gets one may lose the Close unread (Chromium then reports 1006, not our code).
        ctx.channel().config().setAutoRead(true);
        if (fail) {
            // Failing the connection (RFC 6455 section 7.1.7): the frame decoder may have
            // stopped reading frames, so the peer's Close may never be seen. The server closes
            // its half first (section 7.1.1), and the peer's close of its own half ends it.
            written.addListener(future -> shutdownOutput());
        }
        closeTimer = ctx.executor().schedule(() -> {
            WebSocketSession.log.debug("WebSocket {} got no Close reply within {} ms; closing"
                    + " the connection", Errors.where(session.request()),
                    options.closeTimeout().toMillis());
            ctx.close();
        }, options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void shutdownOutput() {
        if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
            duplex.shutdownOutput();
        } else {
            ctx.close();
        }
    }

    /**
     * Fails the connection for what the peer sent. Messages that arrived before the violation
     * were valid, so the handler may still answer them: the Close goes out once it has taken
     * them all and asks for more, returns, or after {@link #DRAIN_NANOS}, whichever is first.
     */
    private void fail(CloseCode code, String reason) {
        WebSocketSession.log.debug("Failing WebSocket {} with {}: {}",
                Errors.where(session.request()), code, reason);
        failed = true;
        releaseFragments();
        if (closeWritten) {
            // Our Close is out and the peer broke the protocol instead of answering it: there
            // is no handshake left to wait for (RFC 6455 section 7.1.7).
            cancelTimers();
            ctx.close();
            return;
        }
        if (session.failAfterDrain(code, reason)) {
            ctx.executor().schedule(session::sendOwedClose, DRAIN_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closeWritten && msg instanceof WebSocketFrame) {
            // Exactly one Close, and nothing after it (RFC 6455 section 5.5.1).
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new IOException("The WebSocket is closed"));
            }
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.writability().signal();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimers();
        releaseFragments();
        session.connectionEnded();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        switch (cause) {
            case CorruptedWebSocketFrameException corrupt -> {
                int code = corrupt.closeStatus().code();
                fail(CloseCode.isSendable(code) ? CloseCode.of(code) : CloseCode.PROTOCOL_ERROR,
                        code == 1009 ? "Message larger than " + options.maxMessageSize()
                                + " bytes" : code == 1007 ? "Invalid UTF-8 in a text message"
                                : "Protocol error");
            }
            case DecoderException decoding -> {
                // Inflating (RFC 7692): past the limit, or not a valid deflate stream.
                String text = String.valueOf(decoding.getMessage());
                boolean tooBig = text.contains("maximum") || text.contains("exceed");
                fail(tooBig ? CloseCode.MESSAGE_TOO_BIG : CloseCode.PROTOCOL_ERROR,
                        tooBig ? "Message larger than " + options.maxMessageSize() + " bytes"
                                : "Invalid compressed data");
            }
            case IOException io -> {
                WebSocketSession.log.debug("WebSocket {} connection failed: {}",
                        Errors.where(session.request()), io.toString());
                ctx.close();
            }
            default -> {
                WebSocketSession.log.warn("Unexpected error on WebSocket {}; closing with 1011",
                        Errors.where(session.request()), cause);
                session.startClose(CloseCode.INTERNAL_ERROR, "Internal server error", true);
            }
        }
    }

    /**
     * Pings a silent peer once per interval, and gives up on one silent for two: a peer that
     * vanished without a FIN would otherwise hold the session forever.
     */
    private void keepAlive() {
        if (!ctx.channel().isActive() || closeWritten) {
            return;
        }
        long now = System.nanoTime();
        if (session.isReadPaused()) {
            // Not reading is our choice, not the peer's silence.
            lastRead = now;
        }
        long idle = now - lastRead;
        long interval = options.pingInterval().toNanos();
        if (idle >= 2 * interval) {
            WebSocketSession.log.debug("WebSocket {} peer silent for {} ms; closing",
                    Errors.where(session.request()), TimeUnit.NANOSECONDS.toMillis(idle));
            ctx.close();
        } else if (idle >= interval - interval / 10) {
            ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
        }
    }

    private void cancelTimers() {
        if (closeTimer != null) {
            closeTimer.cancel(false);
            closeTimer = null;
        }
        if (pingTimer != null) {
            pingTimer.cancel(false);
            pingTimer = null;
        }
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }
}
