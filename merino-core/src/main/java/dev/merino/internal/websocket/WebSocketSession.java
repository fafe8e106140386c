package dev.merino.internal.websocket;

import dev.merino.http.Request;
import dev.merino.internal.app.Errors;
import dev.merino.internal.server.Writability;
import dev.merino.websocket.CloseCode;
import dev.merino.websocket.CloseStatus;
import dev.merino.websocket.CloseStatus.ClosedBy;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketCloseException;
import dev.merino.websocket.WebSocketClosedException;
import dev.merino.websocket.WebSocketMessage;
import dev.merino.websocket.WebSocketOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * An accepted WebSocket session: the blocking API its handler uses, over the event-loop
 * {@link SessionHandler} that speaks the protocol.
 *
 * <p>Threads: messages are queued by the event loop and taken by the handler's thread under
 * {@code lock}. Sends come from any thread and go through the channel, so they reach the
 * event loop in the order each thread made them. Closing is decided by two atomics, set in
 * this order by whoever gets there first: {@code status} (how the session ended) and
 * {@code closeSent} (a Close frame is on its way); the second is what guarantees that exactly
 * one Close frame ever leaves. The event loop also drops any frame written after that Close.
 */
public final class WebSocketSession implements WebSocket {
    static final Logger log = LoggerFactory.getLogger("dev.merino.websocket");
    /** Past this many queued bytes (or messages), the socket is no longer read. */
    private static final long PAUSE_BYTES = 256 * 1024;
    private static final int PAUSE_MESSAGES = 64;
    private static final long RESUME_BYTES = 64 * 1024;
    private static final int RESUME_MESSAGES = 16;

    private final Channel channel;
    private final Request request;
    private final String subprotocol;
    private final boolean compressed;
    private final WebSocketOptions options;
    /** Asked only when a message is read or sent as JSON. */
    private final Supplier<ObjectMapper> json;
    private final Writability writability;
    private final SessionHandler handler;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Queued> inbox = new ArrayDeque<>();
    private long inboxBytes;
    private boolean inputEnded;
    private boolean readPaused;

    private final AtomicReference<CloseStatus> status = new AtomicReference<>();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    /** The Close owed to a peer that broke the protocol, sent once the handler drained. */
    /**
     * The Close this session owes, sent once the handler has taken the messages that came
     * before it: a failure's for a peer that broke the protocol, or the echo of the peer's.
     */
    private final AtomicReference<Owed> owed = new AtomicReference<>();

    /** A Close decided on the event loop and held back for the handler: what and how. */
    private record Owed(CloseStatus status, String wireReason, boolean fail) {
    }

    WebSocketSession(Channel channel, Request request, String subprotocol, boolean compressed,
            WebSocketOptions options, Supplier<ObjectMapper> json) {
        this.channel = channel;
        this.request = request;
        this.subprotocol = subprotocol;
        this.compressed = compressed;
        this.options = options;
        this.json = json;
        this.writability = new Writability(channel);
        this.handler = new SessionHandler(this);
    }

    SessionHandler handler() {
        return handler;
    }

    WebSocketOptions options() {
        return options;
    }

    Writability writability() {
        return writability;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    @Override
    public boolean isCompressed() {
        return compressed;
    }

    // Receiving.

    @Override
    public WebSocketMessage receive() {
        return receive(null);
    }

    @Override
    public WebSocketMessage receive(Duration timeout) {
        long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        WebSocketMessage message;
        boolean resume = false;
        lock.lock();
        try {
            while (inbox.isEmpty() && !inputEnded) {
                if (timeout == null) {
                    arrived.await();
                } else if (nanos <= 0) {
                    return null;
                } else {
                    nanos = arrived.awaitNanos(nanos);
                }
            }
            Queued queued = inbox.poll();
            message = queued == null ? null : queued.message();
            if (queued != null) {
                inboxBytes -= queued.bytes();
                if (readPaused && inboxBytes < RESUME_BYTES && inbox.size() < RESUME_MESSAGES) {
                    readPaused = false;
                    resume = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
        if (resume) {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
        if (message == null) {
            sendOwedClose();
        }
        return message;
    }

    @Override
    public String receiveText() {
        WebSocketMessage message = receive();
        return message == null ? null : message.text();
    }

    @Override
    public <T> T receiveJson(Class<T> type) {
        WebSocketMessage message = receive();
        if (message == null) {
            return null;
        }
        try {
            // A text message is parsed as the string it was decoded into, not encoded again.
            ObjectMapper mapper = json.get();
            return message.isText() ? mapper.readValue(message.text(), type)
                    : mapper.readValue(message.bytes(), type);
        } catch (JacksonException e) {
            throw new WebSocketCloseException(CloseCode.INVALID_PAYLOAD,
                    "The message is not JSON of the expected shape");
        }
    }

    @Override
    public Iterator<WebSocketMessage> iterator() {
        return new Iterator<>() {
            private WebSocketMessage next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = receive();
                }
                return next != null;
            }

            @Override
            public WebSocketMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("The WebSocket session is closed");
                }
                WebSocketMessage message = next;
                next = null;
                return message;
            }
        };
    }

    /** A message waiting for the handler, with its payload size as it arrived. */
    private record Queued(WebSocketMessage message, int bytes) {
    }

    /**
     * Queues a message of {@code bytes} payload bytes for the handler; on the event loop.
     * Returns whether to pause reads.
     */
    boolean deliver(WebSocketMessage message, int bytes) {
        lock.lock();
        try {
            if (inputEnded) {
                return false;
            }
            inbox.add(new Queued(message, bytes));
            inboxBytes += bytes;
            arrived.signalAll();
            if (!readPaused && (inboxBytes >= PAUSE_BYTES || inbox.size() >= PAUSE_MESSAGES)) {
                readPaused = true;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    boolean isReadPaused() {
        lock.lock();
        try {
            return readPaused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that the peer broke the protocol, on the event loop: no message arrives after
     * this, and the Close with this code goes out once the handler has taken the ones queued
     * before (see {@link #receive()}), or returns. Returns whether this is the first Close owed
     * and no Close was sent yet.
     */
    boolean failAfterDrain(CloseCode code, String reason) {
        return owe(new Owed(new CloseStatus(code, reason, ClosedBy.SERVER), reason, true));
    }

    private boolean owe(Owed close) {
        if (closeSent.get() || !owed.compareAndSet(null, close)) {
            return false;
        }
        endInput();
        return true;
    }

    /** Sends the Close this session owes (a failure's, or the peer's echo), if any. */
    void sendOwedClose() {
        if (owed.get() != null) {
            startClose(CloseCode.NORMAL, "", false);
        }
    }

    /** Wakes the receiver for good: no message arrives after a Close or the connection's end. */
    void endInput() {
        lock.lock();
        try {
            inputEnded = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // Sending.

    @Override
    public void send(String text) {
        Objects.requireNonNull(text, "text");
        awaitOpenAndWritable();
        channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)),
                channel.voidPromise());
    }

    @Override
    public void send(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        awaitOpenAndWritable();
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes.clone())),
                channel.voidPromise());
    }

    @Override
    public void sendJson(Object value) {
        byte[] bytes = json.get().writeValueAsBytes(value);
        awaitOpenAndWritable();
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)),
                channel.voidPromise());
    }

    @Override
    public void ping(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("ping payload: " + payload.length
                    + " bytes (expected at most 125)");
        }
        awaitOpenAndWritable();
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload.clone())),
                channel.voidPromise());
    }

    private void awaitOpenAndWritable() {
        checkOpen();
        try {
            writability.awaitWritable();
        } catch (IOException e) {
            // The connection ended while waiting: its status says how.
            checkOpen();
            throw new WebSocketClosedException(new CloseStatus(CloseCode.ABNORMAL_CLOSURE, "",
                    ClosedBy.CONNECTION));
        }
        checkOpen();
    }

    private void checkOpen() {
        if (closeSent.get()) {
            throw new WebSocketClosedException(status.get());
        }
    }

    // Closing.

    @Override
    public void close() {
        close(CloseCode.NORMAL, "");
    }

    @Override
    public void close(CloseCode code) {
        close(code, "");
    }

    @Override
    public void close(CloseCode code, String reason) {
        Objects.requireNonNull(code, "code");
        if (!code.isSendable()) {
            throw new IllegalArgumentException("close code: " + code
                    + " (reported locally, never sent)");
        }
        if (!startClose(code, CloseCode.truncateReason(reason), false)) {
            log.debug("WebSocket {} already closing; close with {} ignored",
                    Errors.where(request), code);
        }
    }

    /**
     * Closes the session on a channel, if it carries one, with 1001 because the server is
     * stopping; from the stopping thread. Returns whether this sent the session's Close.
     */
    public static boolean goingAway(Channel channel) {
        SessionHandler handler = channel.pipeline().get(SessionHandler.class);
        return handler != null && handler.session().startClose(CloseCode.GOING_AWAY,
                "Server shutting down", false);
    }

    /**
     * Sends the one Close frame of this session, unless one was sent; from any thread. With
     * {@code fail} (RFC 6455 section 7.1.7, failing the connection), the server's half of the
     * connection is shut as soon as the frame is out, instead of after the peer's reply; the
     * connection ends when the peer closes its half or the close timeout passes.
     */
    boolean startClose(CloseCode code, String reason, boolean fail) {
        // The first Close decided wins: one owed to the peer (its violation, or the echo of its
        // own Close) came before this call.
        Owed first = owed.get();
        CloseStatus close = first != null ? first.status()
                : new CloseStatus(code, reason, ClosedBy.SERVER);
        String wireReason = first != null ? first.wireReason() : reason;
        boolean failing = first != null ? first.fail() : fail;
        status.compareAndSet(null, close);
        if (!closeSent.compareAndSet(false, true)) {
            return false;
        }
        endInput();
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            handler.writeClose(close.code(), wireReason, failing);
        } else {
            loop.execute(() -> handler.writeClose(close.code(), wireReason, failing));
        }
        return true;
    }

    /**
     * Records the peer's Close on the event loop, and owes it the echo once the handler has
     * taken the messages that came before it and asks for more, or returns (RFC 6455 section
     * 5.5.1 lets an endpoint finish what it is sending first). Returns whether the echo is owed;
     * false when the server's own Close is already on its way.
     */
    boolean peerClosedAfterDrain(CloseCode code, String reason) {
        CloseStatus peer = new CloseStatus(code, reason, ClosedBy.PEER);
        status.compareAndSet(null, peer);
        // The echo carries the peer's code and no reason.
        if (!owe(new Owed(peer, "", false))) {
            return false;
        }
        // A close() racing this one has not sent anything yet: the peer's Close is the first.
        status.set(peer);
        return true;
    }

    /** Records that the connection ended; on the event loop. */
    void connectionEnded() {
        if (status.compareAndSet(null, new CloseStatus(CloseCode.ABNORMAL_CLOSURE, "",
                ClosedBy.CONNECTION))) {
            log.debug("WebSocket {} lost its connection without a closing handshake (1006)",
                    Errors.where(request));
        }
        closeSent.set(true);
        endInput();
        writability.signal();
    }

    @Override
    public boolean isOpen() {
        return !closeSent.get();
    }

    @Override
    public Optional<CloseStatus> closeStatus() {
        return Optional.ofNullable(status.get());
    }

    /** Decodes strictly: a text message must be valid UTF-8 (RFC 6455 section 8.1). */
    static String decodeText(ByteBuf content) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(content.nioBuffer())
                .toString();
    }
}
