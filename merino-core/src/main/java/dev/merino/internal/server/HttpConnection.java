package dev.merino.internal.server;

import dev.merino.http.BadRequest;
import dev.merino.http.ClientDisconnected;
import dev.merino.http.Method;
import dev.merino.http.Problem;
import dev.merino.http.Status;
import dev.merino.internal.app.Application;
import dev.merino.internal.app.CompiledRoute;
import dev.merino.internal.routing.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection: turns decoded messages into exchanges, one at a time, in order.
 *
 * <p>Every field is owned by the channel's event loop, except the runner's queue and two
 * volatile flags. Requests are served one after another, so responses leave in request order
 * (RFC 9112 section 9.3.2). A pipelined GET or HEAD that cannot change how the connection goes
 * on (no body, no upgrade, nothing to refuse, a blocking route) is started as soon as it
 * arrives and queued in {@code started}: the connection's {@link Runner} runs the queued
 * exchanges one after another, without a trip through the event loop between them. Any other
 * pipelined message, and everything after it, waits in {@code backlog} until the exchanges
 * before it finished. A handler on the event loop is run there and finishes there, within the
 * read that brought its request. The connection's timer is in one of four
 * states: IDLE (waiting for a request: the idle timeout), HEAD (a request started: the header
 * timeout, answered 408), BODY (a body is arriving: the idle timeout between reads) and NONE
 * (the application is working).
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    private static final int MAX_BACKLOG = 64;

    private enum Timer { NONE, IDLE, HEAD, BODY }

    private final Application application;
    private final Executor executor;
    private final ServerState server;
    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private final ArrayDeque<HttpObject> backlog = new ArrayDeque<>();
    /** Exchanges started early, behind {@code current}, in request order. */
    private final ArrayDeque<Exchange> started = new ArrayDeque<>();
    private final Runner runner = new Runner();
    private ChannelHandlerContext ctx;
    private RequestDecoder decoder;
    private ChannelHandlerContext encoderContext;
    private Writability writability;
    private Exchange current;
    private boolean readingBody;
    private boolean discarding;
    private volatile boolean closeAfterResponse;
    /**
     * Set by a request thread whose response ends the connection: nothing more is started
     * early, and what was started behind that response does not run. Kept apart from
     * {@code closeAfterResponse}, which would also end the connection after the responses
     * before it, still on their way to the event loop.
     */
    private volatile boolean endAfterStarted;
    private Exchange waitingForBody;
    private boolean pausedForBody;
    private boolean pausedForBacklog;
    /** Whether the next message is the empty last content of a request started early. */
    private boolean swallowLast;
    /** Whether {@link #drainBacklog} is on the stack: a finish inside it leaves it the work. */
    private boolean draining;
    private Timer timer = Timer.NONE;
    private long deadline;
    private ScheduledFuture<?> timerTask;
    private long timerTaskDue;

    HttpConnection(Application application, Executor executor, ServerState server) {
        this.application = application;
        this.executor = executor;
        this.server = server;
        this.headerTimeoutNanos = application.config().headerTimeout().toNanos();
        this.idleTimeoutNanos = application.config().idleTimeout().toNanos();
    }

    Writability writability() {
        return writability;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    /**
     * Returns the HTTP encoder's context: a message written there skips the encoder, for a
     * response already encoded whole.
     */
    ChannelHandlerContext encoderContext() {
        return encoderContext;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.decoder = ctx.pipeline().get(RequestDecoder.class);
        this.encoderContext = ctx.pipeline().context(HttpResponseEncoder.class);
        this.writability = new Writability(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(Timer.IDLE, idleTimeoutNanos);
        ctx.fireChannelActive();
    }

    /** Called by {@link ReadObserver} for every read, before decoding. */
    void onBytes() {
        if (timer == Timer.IDLE) {
            arm(Timer.HEAD, headerTimeoutNanos);
        } else if (timer == Timer.BODY) {
            arm(Timer.BODY, idleTimeoutNanos);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (swallowLast) {
            swallowLast = false;
            if (object == LastHttpContent.EMPTY_LAST_CONTENT) {
                return;
            }
            // Unreachable with Netty's decoder, which ends a bodiless request this way; were
            // it otherwise, the message is served in order like any other.
        }
        if ((current != null && !readingBody) || !backlog.isEmpty()) {
            if (backlog.isEmpty() && object instanceof HttpRequest request
                    && startEarly(request)) {
                return;
            }
            backlog.add(object);
            pauseIfBacklogFull();
            return;
        }
        process(object);
    }

    private void pauseIfBacklogFull() {
        if (backlog.size() + started.size() >= MAX_BACKLOG && !pausedForBacklog) {
            pausedForBacklog = true;
            updateAutoRead();
        }
    }

    /**
     * Starts a pipelined request while the exchanges before it are still running, when nothing
     * about it can change how the connection goes on: no body, no upgrade, nothing the
     * transport refuses, a route whose handler runs on a virtual thread. Returns false, having
     * changed nothing, for any other request: it waits in the backlog.
     */
    private boolean startEarly(HttpRequest request) {
        if (request instanceof HttpContent || closeAfterResponse || endAfterStarted
                || current.mayUpgrade() || !ctx.channel().isWritable()
                || server.isStopping() || !request.decoderResult().isSuccess()
                || !request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return false;
        }
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                || headers.contains(HttpHeaderNames.EXPECT)
                || headers.contains(HttpHeaderNames.UPGRADE)
                || HttpUtil.getContentLength(request, 0L) != 0
                || framingProblem(request, headers) != null) {
            return false;
        }
        // Only safe methods: a request started early may be dropped after its handler ran (the
        // server stops, the client leaves), which is harmless only when running it changed
        // nothing. Clients pipeline little else (RFC 9112 section 9.3.2).
        Method method = Method.lookup(request.method().name());
        if (method != Method.GET && method != Method.HEAD) {
            return false;
        }
        RequestTarget target = RequestTarget.parse(request.uri());
        if (target == null) {
            return false;
        }
        Router.Result<CompiledRoute> route = application.match(method, target.segments());
        if (application.isNonBlocking(route)) {
            return false;
        }
        Exchange exchange = new Exchange(this, application, request, method, target, route,
                BodyBuffer.empty(new BodyControl(false)), HttpUtil.isKeepAlive(request), true);
        started.add(exchange);
        swallowLast = true;
        pauseIfBacklogFull();
        runner.submit(exchange);
        return true;
    }

    private void process(HttpObject object) {
        try {
            if (object instanceof HttpRequest request) {
                startRequest(request);
            }
            if (object instanceof HttpContent content) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(object);
        }
    }

    private void startRequest(HttpRequest request) {
        disarm();
        if (closeAfterResponse || !ctx.channel().isActive()) {
            discarding = true;
            return;
        }
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            Status status = cause instanceof TooLongHttpLineException ? Status.URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException
                            ? Status.REQUEST_HEADER_FIELDS_TOO_LARGE : Status.BAD_REQUEST;
            refuse(request, status,
                    status == Status.BAD_REQUEST ? "The request is malformed." : null);
            return;
        }
        if (request.protocolVersion().majorVersion() != 1) {
            // RFC 9110 section 15.6.6: the server does not support the major version.
            refuse(request, Status.HTTP_VERSION_NOT_SUPPORTED,
                    "Only HTTP/1.0 and HTTP/1.1 are supported.");
            return;
        }
        HttpHeaders headers = request.headers();
        String framingProblem = framingProblem(request, headers);
        if (framingProblem != null) {
            refuse(request, framingProblem.startsWith("501") ? Status.NOT_IMPLEMENTED
                    : Status.BAD_REQUEST, framingProblem.substring(4));
            return;
        }
        Method method = Method.lookup(request.method().name());
        if (method == null) {
            refuse(request, Status.NOT_IMPLEMENTED, "The request method is not supported.");
            return;
        }
        String expect = headers.get(HttpHeaderNames.EXPECT);
        boolean expectContinue = false;
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                refuse(request, Status.EXPECTATION_FAILED,
                        "Only 'Expect: 100-continue' is supported.");
                return;
            }
            expectContinue = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        }
        RequestTarget target = "*".equals(request.uri()) && method == Method.OPTIONS
                ? new RequestTarget("*", "*", new String[0]) : RequestTarget.parse(request.uri());
        if (target == null) {
            refuse(request, Status.BAD_REQUEST, "The request target is malformed.");
            return;
        }
        Router.Result<CompiledRoute> route = target.target().equals("*")
                ? new Router.Options<>(application.methods())
                : application.match(method, target.segments());
        long limit = application.maxBodySize(route);
        long declared = HttpUtil.getContentLength(request, -1L);
        boolean chunked = headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
        if (declared > limit) {
            refuse(request, Status.CONTENT_TOO_LARGE,
                    "The request body is larger than the limit of " + limit + " bytes.");
            return;
        }
        boolean hasBody = declared > 0 || chunked;
        BodyControl control = new BodyControl(expectContinue);
        Exchange exchange = new Exchange(this, application, request, method, target, route,
                hasBody ? new BodyBuffer(declared, limit, control) : BodyBuffer.empty(control),
                HttpUtil.isKeepAlive(request) && !server.isStopping(), false);
        control.exchange = exchange;
        current = exchange;
        readingBody = true;
        if (hasBody) {
            arm(Timer.BODY, idleTimeoutNanos);
        }
        if (!application.isNonBlocking(route)) {
            runner.submit(exchange);
            return;
        }
        // A handler on the event loop cannot wait for its body: it runs once the request's last
        // content is here (for a bodiless request, the next message), so that it finishes, and
        // the connection moves on, within this read. A body is read whole, without the pause a
        // slow reader would get.
        waitingForBody = exchange;
        if (hasBody) {
            exchange.body().wantWhole();
            if (expectContinue) {
                sendContinue(exchange);
            }
        }
    }

    /**
     * Returns why the message framing is refused, prefixed with the status code, or null.
     * RFC 9112 section 6.3: chunked must be the final coding, and a message with both
     * Transfer-Encoding and Content-Length is a smuggling attempt.
     */
    private static String framingProblem(HttpRequest request, HttpHeaders headers) {
        List<String> codings = headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                ? headers.getAll(HttpHeaderNames.TRANSFER_ENCODING) : List.of();
        if (!codings.isEmpty()) {
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return "400 Transfer-Encoding and Content-Length must not both be present.";
            }
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                return "400 Transfer-Encoding is not allowed in HTTP/1.0.";
            }
            String[] all = String.join(",", codings).split(",", -1);
            String last = all[all.length - 1].trim().toLowerCase(Locale.ROOT);
            if (!last.equals("chunked")) {
                return "400 The final transfer coding must be chunked.";
            }
            if (all.length > 1) {
                return "501 Only the chunked transfer coding is supported.";
            }
        }
        int hosts = headers instanceof RequestDecoder.RequestHeaders counted
                ? counted.hostCount() : headers.getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1 || (hosts == 0 && request.protocolVersion().equals(HttpVersion.HTTP_1_1))) {
            // RFC 9112 section 3.2: exactly one Host in HTTP/1.1.
            return "400 The request must have exactly one Host header.";
        }
        return null;
    }

    private void onContent(HttpContent content) {
        if (discarding) {
            if (content instanceof LastHttpContent) {
                discarding = false;
            }
            return;
        }
        if (current == null || !readingBody) {
            return;
        }
        if (content.decoderResult().isFailure()) {
            current.body().fail(new BadRequest("The request body is malformed."));
            readingBody = false;
            closeAfterResponse = true;
            disarm();
            runWaitingForBody();
            return;
        }
        BodyBuffer body = current.body();
        if (!body.offer(content.content())) {
            // Past the limit: the handler gets 413 when it reads; the rest is not read.
            readingBody = false;
            closeAfterResponse = true;
            discarding = !(content instanceof LastHttpContent);
            disarm();
            runWaitingForBody();
            return;
        }
        if (content instanceof LastHttpContent) {
            bodyEnded();
            body.complete();
            disarm();
            runWaitingForBody();
        }
    }

    /**
     * Runs the non-blocking exchange that waits for its body, once the body ended: complete,
     * failed or past the limit. Its handler reads the failure and answers 400 or 413; left
     * waiting, it would never answer and the connection, with no timer armed, never close.
     */
    private void runWaitingForBody() {
        Exchange ready = waitingForBody;
        if (ready != null) {
            waitingForBody = null;
            ready.run();
        }
    }

    /**
     * Answers a request the transport refuses before the application sees it, then closes: the
     * rest of the stream cannot be trusted to be framed as the client meant.
     */
    private void refuse(HttpRequest request, Status status, String detail) {
        closeAfterResponse = true;
        discarding = true;
        FullHttpResponse response = problemResponse(status, detail);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (request != null && HttpMethod.HEAD.equals(request.method())) {
            // RFC 9110 section 9.3.2: no content in a response to HEAD, whatever its status;
            // Content-Length still tells what a GET would have received.
            response.content().clear();
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private FullHttpResponse problemResponse(Status status, String detail) {
        ByteBuf content = ctx.alloc().buffer(128);
        try {
            application.json().writeValue((java.io.OutputStream) new ByteBufOutputStream(content),
                    new Problem(null, status.reason(), status.code(), detail, null, null).toMap());
        } catch (RuntimeException e) {
            content.release();
            throw e;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                StatusLine.of(status), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.DATE, DateHeader.now());
        return response;
    }

    /** Sends {@code 100 Continue} for the current exchange; on the event loop. */
    private void sendContinue(Exchange exchange) {
        if (current == exchange && readingBody && !exchange.continueSent) {
            exchange.continueSent = true;
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.CONTINUE));
        }
    }

    /**
     * Returns whether the connection stays open after the current exchange's response; read
     * by the exchange when it writes the response head, from its own thread.
     */
    boolean keepAliveAfter(Exchange exchange) {
        boolean keep = exchange.keepAlive() && !closeAfterResponse && !server.isStopping()
                && exchange.body().isComplete();
        if (!keep) {
            endAfterStarted = true;
        }
        return keep;
    }

    /**
     * Ends the connection after the response of the exchange now running on the caller's
     * thread: nothing started behind it runs. From a request thread.
     */
    void endAfterThisExchange() {
        endAfterStarted = true;
    }

    /**
     * Returns whether an exchange started early may still run: read by the runner's thread
     * before it runs one. Once the connection is to close, the requests after the last answered
     * one are dropped unanswered, as a client that pipelines must expect (RFC 9112 section 9.3.2).
     */
    boolean runsStartedExchanges() {
        return !closeAfterResponse && !endAfterStarted && ctx.channel().isActive();
    }

    /**
     * Completes the current exchange after its last message was written: closes the connection
     * or moves on to the next exchange. On the event loop.
     */
    void finish(Exchange exchange, boolean keepAlive, ChannelFuture lastWrite) {
        if (current != exchange) {
            return;
        }
        current = started.poll();
        waitingForBody = null;
        if (!keepAlive || readingBody || closeAfterResponse || server.isStopping()) {
            current = null;
            started.clear();
            readingBody = false;
            discarding = true;
            closeAfterResponse = true;
            lastWrite.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (pausedForBody) {
            // The handler answered without draining a body that had paused reading; the body
            // is complete (else the connection would close), so reading goes on.
            pausedForBody = false;
            updateAutoRead();
        }
        drainBacklog();
    }

    /**
     * Serves the backlog once the exchanges before it finished. A handler on the event loop
     * finishes within {@link #process}, calling {@link #finish} again: that call leaves the
     * loop here to go on, so a long backlog does not deepen the stack.
     */
    private void drainBacklog() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            // The same rule as channelRead: a request taken from the backlog is followed there
            // by its body and last content, which belong to it; only the next head has to wait.
            // A new request waits while the client leaves responses unread; the rest of the
            // current request's body does not.
            while ((current == null || readingBody) && !backlog.isEmpty()
                    && ctx.channel().isActive() && (readingBody || ctx.channel().isWritable())) {
                process(backlog.poll());
            }
        } finally {
            draining = false;
        }
        if (pausedForBacklog && backlog.size() + started.size() < MAX_BACKLOG / 2) {
            pausedForBacklog = false;
            updateAutoRead();
        }
        if (current == null) {
            // Part of a head read while the application worked is a request begun: it gets the
            // header timeout, not the idle one a slow sender could stretch it to.
            if (decoder != null && decoder.holdsBytes()) {
                arm(Timer.HEAD, headerTimeoutNanos);
            } else {
                arm(Timer.IDLE, idleTimeoutNanos);
            }
        }
    }

    /**
     * Answers the current exchange with {@code 101 Switching Protocols} and hands the
     * connection over to the handlers {@code install} adds; on the event loop. The HTTP
     * handlers leave the pipeline; bytes the decoder already holds flow on to the new ones.
     */
    void switchProtocols(HttpResponse response, Consumer<ChannelPipeline> install) {
        disarm();
        // An exchange that may upgrade is never followed by one started early; were one queued,
        // it would find the connection gone.
        current = null;
        started.clear();
        ctx.writeAndFlush(response);
        for (HttpObject object; (object = backlog.poll()) != null; ) {
            ReferenceCountUtil.release(object);
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (pausedForBacklog || pausedForBody) {
            ctx.channel().config().setAutoRead(true);
        }
        pipeline.remove(this);
        install.accept(pipeline);
        pipeline.remove("observer");
        pipeline.remove("encoder");
        pipeline.remove("decoder");
    }

    /** Ends the current exchange and the connection after a failure while writing. */
    void abort(Exchange exchange) {
        if (current == exchange) {
            current = null;
            started.clear();
            closeAfterResponse = true;
            ctx.channel().close();
        }
    }

    /** Starts a graceful stop: closes now when idle, else after the current response. */
    void shutdown() {
        if (current == null) {
            ctx.channel().close();
        } else {
            closeAfterResponse = true;
        }
    }

    /** Pauses or resumes reading for the current exchange's body; on the event loop. */
    private void pauseForBody(Exchange exchange, boolean paused) {
        if (exchange != current) {
            // A late resume from a finished exchange: finish() resumed reading already.
            return;
        }
        pausedForBody = paused;
        updateAutoRead();
        // The idle timeout between body reads is for a client that stops sending. While the
        // server does not read, the client cannot send: it is waiting for the handler.
        if (paused && timer == Timer.BODY) {
            disarm();
        } else if (!paused && readingBody) {
            arm(Timer.BODY, idleTimeoutNanos);
        }
    }

    /**
     * Reads while nothing asks for a pause: a body its reader does not keep up with, a full
     * backlog, or responses the client does not read. The last holds only between requests: a
     * body being read is read on, or a client that sends it whole before it reads would wait
     * for the server, and the server for the client.
     */
    private void updateAutoRead() {
        boolean pausedForWrites = !readingBody && !ctx.channel().isWritable();
        ctx.channel().config().setAutoRead(!(pausedForBody || pausedForBacklog
                || pausedForWrites));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writability.signal();
        if (ctx.channel().isActive()) {
            updateAutoRead();
            if (ctx.channel().isWritable() && current == null && !backlog.isEmpty()) {
                // The requests read before the client stopped reading go on.
                drainBacklog();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Called when a body ends: a client that does not read its responses now pauses reads. */
    private void bodyEnded() {
        readingBody = false;
        if (!ctx.channel().isWritable()) {
            updateAutoRead();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        if (timerTask != null) {
            // Else the pending check keeps the closed pipeline reachable for up to a timeout.
            timerTask.cancel(false);
            timerTask = null;
        }
        for (HttpObject object; (object = backlog.poll()) != null; ) {
            ReferenceCountUtil.release(object);
        }
        if (current != null) {
            current.body().fail(new ClientDisconnected());
            current.connectionClosed();
        }
        started.clear();
        writability.signal();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection {} failed: {}", ctx.channel().id(), cause.toString());
        } else {
            log.warn("Closing connection {} after an unexpected error", ctx.channel().id(), cause);
        }
        ctx.close();
    }

    // The timer: arming moves the deadline; one scheduled task at a time checks it. A later
    // deadline leaves the task alone (it reschedules itself when it finds time left), an
    // earlier one (the header timeout after the longer idle one) replaces it.

    private void arm(Timer kind, long nanos) {
        timer = kind;
        deadline = System.nanoTime() + nanos;
        if (timerTask != null && deadline - timerTaskDue < 0) {
            timerTask.cancel(false);
            timerTask = null;
        }
        if (timerTask == null) {
            schedule(nanos);
        }
    }

    private void schedule(long nanos) {
        timerTaskDue = System.nanoTime() + nanos;
        timerTask = ctx.executor().schedule(this::checkTimer, nanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        timer = Timer.NONE;
    }

    private void checkTimer() {
        timerTask = null;
        if (timer == Timer.NONE || !ctx.channel().isActive()) {
            return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining > 0) {
            schedule(remaining);
            return;
        }
        Timer expired = timer;
        timer = Timer.NONE;
        switch (expired) {
            case HEAD -> refuse(null, Status.REQUEST_TIMEOUT,
                    "The request headers did not arrive in time.");
            case BODY -> {
                if (current != null) {
                    current.body().fail(new ClientDisconnected());
                }
                ctx.channel().close();
            }
            default -> ctx.channel().close();
        }
    }

    /**
     * Runs the connection's exchanges in order, one at a time, each on a new virtual thread.
     * The thread of an exchange starts the thread of the next queued one itself as it ends: a
     * batch of pipelined requests goes from one to the next on the virtual threads' carrier,
     * without a trip through the event loop between them and without waking it. A new thread
     * per exchange keeps one request's thread-locals and interrupt status from the next.
     */
    private final class Runner implements Runnable {
        private final ConcurrentLinkedQueue<Exchange> queue = new ConcurrentLinkedQueue<>();
        /** Whether an exchange's thread is running or started: it owns the queue's head. */
        private final AtomicBoolean running = new AtomicBoolean();

        /** Queues an exchange; from the event loop. */
        void submit(Exchange exchange) {
            queue.add(exchange);
            if (running.compareAndSet(false, true)) {
                executor.execute(this);
            }
        }

        @Override
        public void run() {
            Exchange exchange = queue.poll();
            if (exchange != null) {
                exchange.run();
            }
            if (!queue.isEmpty()) {
                executor.execute(this);
                return;
            }
            running.set(false);
            // An exchange queued after the check above found the flag still set and started
            // no thread: it is started here.
            if (!queue.isEmpty() && running.compareAndSet(false, true)) {
                executor.execute(this);
            }
        }
    }

    /** Bridges a body's requests to the event loop. */
    private final class BodyControl implements BodyBuffer.Control {
        private final boolean expectContinue;
        private Exchange exchange;

        BodyControl(boolean expectContinue) {
            this.expectContinue = expectContinue;
        }

        @Override
        public void continueIfExpected() {
            if (expectContinue) {
                Exchange target = exchange;
                ctx.executor().execute(() -> sendContinue(target));
            }
        }

        @Override
        public void readPaused(boolean paused) {
            if (ctx.executor().inEventLoop()) {
                pauseForBody(exchange, paused);
            } else {
                Exchange target = exchange;
                ctx.executor().execute(() -> pauseForBody(target, paused));
            }
        }
    }
}
