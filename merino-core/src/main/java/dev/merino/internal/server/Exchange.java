package dev.merino.internal.server;

import dev.merino.http.Headers;
import dev.merino.http.Method;
import dev.merino.http.NotFound;
import dev.merino.http.PathParams;
import dev.merino.http.Request;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.internal.app.Application;
import dev.merino.internal.app.CompiledRoute;
import dev.merino.internal.app.Errors;
import dev.merino.internal.routing.Router;
import dev.merino.internal.websocket.UpgradeChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response: built on the event loop, run on a virtual thread (or on the
 * event loop for a non-blocking route), and finished back on the event loop.
 *
 * <p>The handler's thread serializes the body (JSON included) into a buffer and hands the
 * complete message to the event loop; a streamed or file body is written from this thread with
 * backpressure, its last chunk again through the event loop, where the connection moves on.
 */
final class Exchange implements Runnable, UpgradeChannel {
    private static final StackWalker STACK =
            StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    /** Headers that Merino validated when the application set them. */
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    /** Writes the streamed bodies of non-blocking routes, off the event loop. */
    private static final ThreadFactory STREAM_WRITERS =
            Thread.ofVirtual().name("merino-stream-", 0).factory();

    private final HttpConnection connection;
    private final Application application;
    private final HttpRequest request;
    private final Method method;
    private final RequestTarget target;
    private final Router.Result<CompiledRoute> route;
    private final BodyBuffer body;
    private final boolean keepAlive;
    /** Whether the exchange was started while the ones before it on its connection ran. */
    private final boolean early;
    /** Event-loop owned: whether {@code 100 Continue} went out. */
    boolean continueSent;
    /** Request-thread owned: whether the connection switched to WebSocket. */
    private boolean upgraded;

    Exchange(HttpConnection connection, Application application, HttpRequest request,
            Method method, RequestTarget target, Router.Result<CompiledRoute> route,
            BodyBuffer body, boolean keepAlive, boolean early) {
        this.connection = connection;
        this.application = application;
        this.request = request;
        this.method = method;
        this.target = target;
        this.route = route;
        this.body = body;
        this.keepAlive = keepAlive;
        this.early = early;
    }

    /** Returns whether the request asks to switch protocols: nothing may be started behind it. */
    boolean mayUpgrade() {
        return request.headers().contains(HttpHeaderNames.UPGRADE);
    }

    BodyBuffer body() {
        return body;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** Called on the event loop when the channel closed before the exchange finished. */
    void connectionClosed() {
        connection.writability().signal();
    }

    @Override
    public void run() {
        if (early && !connection.runsStartedExchanges()) {
            return;
        }
        Request appRequest = newRequest();
        Response response = application.handle(appRequest, route, this);
        if (upgraded) {
            // The 101 went out at accept; the connection is no longer HTTP.
            return;
        }
        try {
            write(response, appRequest);
        } catch (RuntimeException | Error e) {
            log.error("Failed to write the response to {}", Errors.where(appRequest), e);
            abort();
        }
    }

    /**
     * Returns whether the calling thread is serving a request, of any server: its filters, its
     * handler or its response. Asked only by a stop, so that nothing is marked per request.
     */
    static boolean servesOnCurrentThread() {
        return STACK.walk(frames -> frames.anyMatch(frame -> frame.getDeclaringClass()
                == Exchange.class && frame.getMethodName().equals("run")));
    }

    @Override
    public Channel channel() {
        return connection.context().channel();
    }

    @Override
    public boolean isHttp11() {
        return request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    }

    @Override
    public boolean hasBody() {
        return HttpUtil.getContentLength(request, 0L) != 0
                || request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
    }

    @Override
    public boolean switchProtocols(HttpResponse response, Consumer<ChannelPipeline> install) {
        upgraded = true;
        response.headers().set(HttpHeaderNames.DATE, DateHeader.now());
        try {
            connection.context().executor().execute(
                    () -> connection.switchProtocols(response, install));
            return true;
        } catch (RejectedExecutionException e) {
            // The server stopped past its drain deadline and closed the connection.
            ReferenceCountUtil.release(response);
            return false;
        }
    }

    private Request newRequest() {
        ChannelHandlerContext ctx = connection.context();
        PathParams params = PathParams.NONE;
        String template = null;
        if (route instanceof Router.Found<CompiledRoute> found) {
            params = found.params();
            template = found.pattern().template();
        }
        return Request.builder(method, target.target())
                .decodedPath(target.path())
                .headers(new NettyHeaders(request.headers()))
                .pathParams(params, template)
                .remoteAddress((InetSocketAddress) ctx.channel().remoteAddress())
                .body(body)
                .json(application.jsonSource())
                .build();
    }

    private void write(Response response, Request appRequest) {
        switch (response.body()) {
            case Response.File file -> writeFile(response, file, appRequest);
            case Response.Streamed streamed -> writeStreamed(response, streamed, appRequest);
            default -> writeInMemory(response, appRequest);
        }
    }

    private void writeInMemory(Response response, Request appRequest) {
        ByteBuf content;
        try {
            content = encode(response.body());
        } catch (RuntimeException e) {
            String errorId = Errors.newErrorId();
            log.error("Failed to write the JSON response to {} (error id {})",
                    Errors.where(appRequest), errorId, e);
            response = Response.problem(application.errors().internalError(errorId, e,
                    appRequest.path()));
            content = encode(response.body());
        }
        writeFull(response, content);
    }

    /** Encodes an in-memory body; JSON is written straight into a pooled buffer. */
    private ByteBuf encode(Response.Body body) {
        return switch (body) {
            case Response.Bytes bytes -> Unpooled.wrappedBuffer(bytes.bytes());
            case Response.Json json -> {
                ByteBuf content = connection.context().alloc().buffer(256);
                try {
                    application.json().writeValue(
                            (OutputStream) new ByteBufOutputStream(content), json.value());
                } catch (RuntimeException e) {
                    content.release();
                    throw e;
                }
                yield content;
            }
            default -> Unpooled.EMPTY_BUFFER;
        };
    }

    private void writeFull(Response response, ByteBuf content) {
        Status status = response.status();
        int length = content.readableBytes();
        if (method == Method.HEAD || status.isBodiless()) {
            content.release();
            content = Unpooled.EMPTY_BUFFER;
        }
        boolean keep = keepAliveAfter(response);
        ByteBuf message = FullResponse.encode(connection.context().alloc(), status,
                response.headers(), length, content, keep,
                request.protocolVersion().equals(HttpVersion.HTTP_1_0));
        finish(message, keep);
    }

    private void writeFile(Response response, Response.File file, Request appRequest) {
        RandomAccessFile raf;
        long length;
        try {
            raf = new RandomAccessFile(file.path().toFile(), "r");
            length = raf.length();
        } catch (IOException e) {
            writeInMemory(application.errors().toResponse(new NotFound("No such file."),
                    appRequest), appRequest);
            return;
        }
        if (method == Method.HEAD) {
            closeQuietly(raf);
            writeHeadOnly(response, length);
            return;
        }
        boolean keep = keepAliveAfter(response);
        HttpResponse head = head(response, keep);
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        Channel channel = connection.context().channel();
        channel.write(head);
        channel.write(new DefaultFileRegion(raf.getChannel(), 0, length));
        finishWithLast(keep);
    }

    private void writeStreamed(Response response, Response.Streamed streamed,
            Request appRequest) {
        if (method == Method.HEAD || response.status().isBodiless()) {
            writeHeadOnly(response, -1);
            return;
        }
        if (connection.context().executor().inEventLoop()) {
            // A non-blocking route's stream: its writer waits for a slow client to read, which
            // must not happen on the event loop, where every other connection of the loop
            // would wait too. It writes from a virtual thread; the connection waits for its end.
            STREAM_WRITERS.newThread(() -> writeStreamed(response, streamed, appRequest))
                    .start();
            return;
        }
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        // HTTP/1.0 has no chunked coding: the body ends when the connection closes.
        boolean keep = keepAliveAfter(response) && http11;
        HttpResponse head = head(response, keep);
        if (http11) {
            // RFC 9112 section 6.2: no Content-Length in a message with Transfer-Encoding.
            head.headers().remove(HttpHeaderNames.CONTENT_LENGTH)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        Channel channel = connection.context().channel();
        channel.write(head);
        ChunkedBodyStream out = new ChunkedBodyStream(channel, connection.writability());
        try {
            streamed.writer().writeTo(out);
            out.close();
        } catch (IOException e) {
            out.discard();
            log.debug("Client went away while streaming to {}: {}", Errors.where(appRequest),
                    e.toString());
            abort();
            return;
        } catch (RuntimeException e) {
            out.discard();
            String errorId = Errors.newErrorId();
            log.error("Streaming the response to {} failed after its head was sent; closing the"
                    + " connection (error id {})", Errors.where(appRequest), errorId, e);
            abort();
            return;
        }
        finishWithLast(keep);
    }

    private void writeHeadOnly(Response response, long length) {
        boolean keep = keepAliveAfter(response);
        DefaultFullHttpResponse message = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                StatusLine.of(response.status()), Unpooled.EMPTY_BUFFER, HEADERS.newHeaders(),
                EmptyHttpHeaders.INSTANCE);
        copyHeaders(response.headers(), message.headers());
        if (length >= 0) {
            message.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        frame(message.headers(), keep);
        finish(message, keep);
    }

    private HttpResponse head(Response response, boolean keep) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                StatusLine.of(response.status()), HEADERS);
        copyHeaders(response.headers(), head.headers());
        frame(head.headers(), keep);
        return head;
    }

    private void finishWithLast(boolean keep) {
        finish(LastHttpContent.EMPTY_LAST_CONTENT, keep);
    }

    /** Writes the response's last message on the event loop, which moves the connection on. */
    private void finish(Object last, boolean keep) {
        if (connection.context().executor().inEventLoop()) {
            finishNow(last, keep);
        } else {
            onEventLoop(() -> finishNow(last, keep), last);
        }
    }

    private void finishNow(Object last, boolean keep) {
        // A whole message already encoded (FullResponse) goes past the HTTP encoder.
        ChannelFuture written = last instanceof ByteBuf encoded
                ? connection.encoderContext().writeAndFlush(encoded)
                : connection.context().writeAndFlush(last);
        connection.finish(this, keep, written);
    }

    private void abort() {
        connection.endAfterThisExchange();
        onEventLoop(() -> connection.abort(this), null);
    }

    /**
     * Runs a step on the connection's event loop: at once when already there (a non-blocking
     * route), so that the connection moves on within the read that brought the request. The
     * loop refuses a step only once the server has stopped past its drain deadline, and has
     * closed the connection then: the response is dropped and the message it would have
     * written released.
     */
    private void onEventLoop(Runnable step, Object message) {
        if (connection.context().executor().inEventLoop()) {
            step.run();
            return;
        }
        try {
            connection.context().executor().execute(step);
        } catch (RejectedExecutionException e) {
            ReferenceCountUtil.release(message);
            log.debug("Dropped the response to {} {}: the server stopped before it was ready",
                    method, Errors.escape(target.path()));
        }
    }

    /**
     * Returns whether the connection stays open after this response: not when the application
     * ends it with {@code Connection: close}, which the server then frames like its own.
     */
    private boolean keepAliveAfter(Response response) {
        Headers headers = response.headers();
        for (String value : headers.contains("Connection") ? headers.all("Connection")
                : List.<String>of()) {
            for (String token : value.split(",")) {
                if (token.trim().equalsIgnoreCase("close")) {
                    connection.endAfterThisExchange();
                    return false;
                }
            }
        }
        return connection.keepAliveAfter(this);
    }

    private void frame(HttpHeaders headers, boolean keep) {
        headers.set(HttpHeaderNames.DATE, DateHeader.now());
        if (!keep) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /**
     * Copies the application's headers, except Transfer-Encoding: the server frames every
     * message itself, and Netty's encoder would chunk a body whose Content-Length it also sends.
     * A Connection header goes as set (a 426 names its Upgrade there); when the connection
     * ends, {@link #frame} replaces it with {@code close}.
     */
    private static void copyHeaders(Headers from, HttpHeaders to) {
        for (Map.Entry<String, String> header : from) {
            if (!HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }

    private static void closeQuietly(RandomAccessFile raf) {
        try {
            raf.close();
        } catch (IOException ignored) {
            // Nothing was read; the descriptor is released either way.
        }
    }
}
