package dev.merino.benchmarks.netty;

import dev.merino.benchmarks.Admin;
import dev.merino.benchmarks.Payloads;
import dev.merino.benchmarks.Payloads.Echo;
import dev.merino.benchmarks.Payloads.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the benchmark endpoints on one connection. Responses are written without a flush;
 * {@link #channelReadComplete} flushes once per read, so pipelined requests share a syscall.
 */
final class HttpHandler extends ChannelInboundHandlerAdapter {
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString JSON = AsciiString.cached("application/json");
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(Payloads.HELLO_BYTES)).asReadOnly();
    private static final AsciiString HELLO_LENGTH =
            AsciiString.cached(Integer.toString(Payloads.HELLO_BYTES.length));

    private final DateValue date;
    private ByteBuf echoBody;
    private boolean echoKeepAlive;

    HttpHandler(DateValue date) {
        this.date = date;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && isWebSocketUpgrade(request)) {
            upgrade(ctx, request);
            return;
        }
        try {
            if (msg instanceof HttpRequest request) {
                onRequest(ctx, request);
            }
            if (msg instanceof HttpContent content && echoBody != null) {
                echoBody.writeBytes(content.content());
                if (content instanceof LastHttpContent) {
                    answerEcho(ctx);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (echoBody != null) {
            echoBody.release();
            echoBody = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        String uri = request.uri();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpMethod method = request.method();
        if (method == HttpMethod.GET) {
            switch (uri) {
                case "/plaintext" -> write(ctx, keepAlive, plaintext());
                case "/json" -> write(ctx, keepAlive, json(ctx, new Message(Payloads.HELLO)));
                case "/admin/allocated" -> write(ctx, keepAlive,
                        text(ctx, Long.toString(Admin.allocatedBytes())));
                case "/admin/heap" -> write(ctx, keepAlive,
                        text(ctx, Long.toString(Admin.heapAfterGc())));
                default -> {
                    if (uri.startsWith("/users/")) {
                        user(ctx, keepAlive, uri);
                    } else {
                        write(ctx, keepAlive, status(HttpResponseStatus.NOT_FOUND));
                    }
                }
            }
        } else if (method == HttpMethod.POST && uri.equals("/echo")) {
            int length = (int) Math.min(HttpUtil.getContentLength(request, 256L), 1 << 20);
            echoBody = ctx.alloc().buffer(length);
            echoKeepAlive = keepAlive;
        } else {
            write(ctx, keepAlive, status(HttpResponseStatus.NOT_FOUND));
        }
    }

    /** Parses {@code /users/{int}?fields=a,b} by hand; percent-escapes only when present. */
    private void user(ChannelHandlerContext ctx, boolean keepAlive, String uri) {
        int query = uri.indexOf('?');
        int end = query < 0 ? uri.length() : query;
        int id;
        try {
            id = Integer.parseInt(uri, 7, end, 10);
        } catch (NumberFormatException e) {
            write(ctx, keepAlive, status(HttpResponseStatus.NOT_FOUND));
            return;
        }
        String fields = null;
        if (query >= 0) {
            int start = uri.indexOf("fields=", query);
            if (start >= 0 && (uri.charAt(start - 1) == '?' || uri.charAt(start - 1) == '&')) {
                int stop = uri.indexOf('&', start);
                fields = uri.substring(start + 7, stop < 0 ? uri.length() : stop);
                if (fields.indexOf('%') >= 0 || fields.indexOf('+') >= 0) {
                    fields = QueryStringDecoder.decodeComponent(fields, StandardCharsets.UTF_8);
                }
            }
        }
        write(ctx, keepAlive, json(ctx, Payloads.user(id, fields)));
    }

    private void answerEcho(ChannelHandlerContext ctx) {
        ByteBuf body = echoBody;
        echoBody = null;
        Echo echo;
        try (InputStream in = new ByteBufInputStream(body, true)) {
            echo = Json.MAPPER.readValue(in, Echo.class);
        } catch (Exception e) {
            write(ctx, echoKeepAlive, status(HttpResponseStatus.BAD_REQUEST));
            return;
        }
        write(ctx, echoKeepAlive, json(ctx, echo));
    }

    private FullHttpResponse plaintext() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK, HELLO.duplicate(), HEADERS, HEADERS);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .set(HttpHeaderNames.CONTENT_LENGTH, HELLO_LENGTH);
        return response;
    }

    private FullHttpResponse json(ChannelHandlerContext ctx, Object value) {
        ByteBuf content = ctx.alloc().buffer(256);
        try {
            Json.MAPPER.writeValue((OutputStream) new ByteBufOutputStream(content), value);
        } catch (RuntimeException e) {
            content.release();
            throw e;
        }
        return withBody(content, JSON);
    }

    private FullHttpResponse text(ChannelHandlerContext ctx, String text) {
        return withBody(ByteBufUtil.writeUtf8(ctx.alloc(), text), TEXT_PLAIN);
    }

    private static FullHttpResponse withBody(ByteBuf content, AsciiString type) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK, content, HEADERS, HEADERS);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    private static FullHttpResponse status(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.EMPTY_BUFFER, HEADERS, HEADERS);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
        return response;
    }

    private void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.DATE, date.value());
        if (keepAlive) {
            ctx.write(response, ctx.voidPromise());
        } else {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static boolean isWebSocketUpgrade(HttpRequest request) {
        return request.method() == HttpMethod.GET && request.uri().equals("/ws")
                && request.headers().containsValue(HttpHeaderNames.UPGRADE,
                        HttpHeaderValues.WEBSOCKET, true);
    }

    /**
     * Hands the connection to Netty's WebSocket handlers. They need the whole handshake request,
     * so an aggregator joins the pipeline only now and plain HTTP requests never pay for it.
     */
    private void upgrade(ChannelHandlerContext ctx, HttpRequest request) {
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addLast("aggregator", new HttpObjectAggregator(8 * 1024));
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(
                WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath("/ws")
                        .checkStartsWith(false)
                        .decoderConfig(WebSocketDecoderConfig.newBuilder()
                                .maxFramePayloadLength(1 << 20)
                                .build())
                        .build()));
        pipeline.addLast("echo", new WebSocketEcho());
        pipeline.remove(this);
        ctx.fireChannelRead(request);
    }

    /**
     * The mapper, built when the first JSON request arrives, as Merino builds its default one:
     * building it takes a few hundred milliseconds of a cold start, and the start-up measurement
     * ends with a plain-text request.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().build();
    }
}
