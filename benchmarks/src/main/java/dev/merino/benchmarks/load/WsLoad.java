package dev.merino.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket load client, on Netty with native epoll. Targets 127.0.0.1 only.
 *
 * <p>{@code --mode echo} (default): {@code --connections} sessions (64), each in a loop that
 * sends one text message of {@code --size} bytes (32) and waits for its echo, for
 * {@code --warmup} (2s) and then {@code --duration} (10s). Prints one line:
 * {@code WS_RESULT messages_per_sec=... p50_us=... p99_us=... p999_us=... max_us=...
 * messages=... errors=...}, counting the round trips that started and ended in the measured
 * window. With {@code --server-pid}, it also reports the server's CPU use over that window:
 * near 100% of its core means the client saturated it.
 *
 * <p>{@code --mode idle}: opens {@code --connections} sessions (e.g. 10000) and leaves them
 * idle; reads the server's heap after GC ({@code GET /admin/heap}) before and after, and its
 * resident set when given {@code --server-pid}. Prints {@code WS_IDLE ... bytes_per_session=...}.
 */
public final class WsLoad {
    private static final String HOST = "127.0.0.1";

    private WsLoad() {
    }

    /** Runs the load; exits non-zero when sessions failed. */
    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        int port = options.integer("--port", 8080);
        String path = options.string("--path", "/ws");
        int connections = options.integer("--connections", 64);
        int threads = options.integer("--threads", 1);
        URI uri = URI.create("ws://" + HOST + ":" + port + path);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                EpollIoHandler.newFactory());
        int status;
        try {
            if (options.string("--mode", "echo").equals("idle")) {
                status = idle(group, uri, connections, options);
            } else {
                status = echo(group, uri, connections, options);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        System.exit(status);
    }

    private static int echo(EventLoopGroup group, URI uri, int connections, Options options)
            throws InterruptedException {
        Duration warmup = options.duration("--warmup", "2s");
        Duration duration = options.duration("--duration", "10s");
        byte[] text = new byte[options.integer("--size", 32)];
        Arrays.fill(text, (byte) 'x');
        ByteBuf frame = Unpooled.unreleasableBuffer(maskedTextFrame(text));
        CountDownLatch handshakes = new CountDownLatch(connections);
        CountDownLatch done = new CountDownLatch(connections);
        List<EchoSession> sessions = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            EchoSession session = new EchoSession(frame, text.length, handshakes, done);
            sessions.add(session);
            connect(group, uri, session);
        }
        if (!handshakes.await(30, TimeUnit.SECONDS)) {
            System.out.println("WS_RESULT error=handshakes_timed_out opened="
                    + (connections - handshakes.getCount()));
            return 2;
        }

        // Every session starts at once; only round trips inside the window count.
        long from = System.nanoTime() + warmup.toNanos();
        long to = from + duration.toNanos();
        for (EchoSession session : sessions) {
            session.start(from, to);
        }
        CpuClock server = new CpuClock(options.string("--server-pid", null));
        sleepUntil(from);
        server.start();
        sleepUntil(to);
        server.stop();
        boolean finished = done.await(10, TimeUnit.SECONDS);

        Histogram latency = new Histogram();
        long errors = finished ? 0 : 1;
        long all = 0;
        for (EchoSession session : sessions) {
            session.channel().eventLoop().submit(() -> { }).await(5, TimeUnit.SECONDS);
            latency.add(session.latency);
            errors += session.errors;
            all += session.echoes;
            closeQuietly(session.channel());
        }
        double seconds = duration.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "WS_RESULT messages_per_sec=%.1f p50_us=%.1f p99_us=%.1f"
                + " p999_us=%.1f max_us=%.1f messages=%d all_messages=%d errors=%d"
                + " server_cpu_pct=%.1f load_cpu_pct=%.1f%n", latency.count() / seconds,
                latency.percentile(50) / 1e3, latency.percentile(99) / 1e3,
                latency.percentile(99.9) / 1e3, latency.max() / 1e3, latency.count(), all,
                errors, server.serverPercent(), server.ownPercent());
        return errors == 0 ? 0 : 1;
    }

    /**
     * Encodes one masked text frame once, so that each send is a buffer write: the client's
     * own framing and masking would otherwise cost about as much CPU as the fastest server's
     * work, and a one-core client could not saturate it. The masking key is reused, which
     * RFC 6455 section 5.3 does not allow a real client; servers cannot tell.
     */
    static ByteBuf maskedTextFrame(byte[] text) {
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        ByteBuf frame = Unpooled.directBuffer(text.length + 14);
        frame.writeByte(0x81);
        if (text.length < 126) {
            frame.writeByte(0x80 | text.length);
        } else if (text.length < 65536) {
            frame.writeByte(0x80 | 126).writeShort(text.length);
        } else {
            frame.writeByte(0x80 | 127).writeLong(text.length);
        }
        frame.writeBytes(key);
        for (int i = 0; i < text.length; i++) {
            frame.writeByte(text[i] ^ key[i % 4]);
        }
        return frame;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    /**
     * CPU time of the server process (from {@code /proc}) and of this one over the measured
     * window, as a percentage of one core.
     */
    private static final class CpuClock {
        private final String pid;
        /** USER_HZ: the unit of /proc times, 100 on Linux. */
        private final long ticksPerSecond = 100;
        private long wallStart;
        private long wall;
        private long serverStart;
        private long server;
        private long ownStart;
        private long own;

        CpuClock(String pid) {
            this.pid = pid;
        }

        void start() {
            wallStart = System.nanoTime();
            serverStart = serverTicks();
            ownStart = ownNanos();
        }

        void stop() {
            wall = System.nanoTime() - wallStart;
            server = serverTicks() - serverStart;
            own = ownNanos() - ownStart;
        }

        double serverPercent() {
            return pid == null ? Double.NaN : server * 1e9 / ticksPerSecond / wall * 100;
        }

        double ownPercent() {
            return own * 100.0 / wall;
        }

        private long serverTicks() {
            if (pid == null) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // Fields 14 and 15 of stat(5), utime and stime, counted after the name.
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long ownNanos() {
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os.getProcessCpuTime();
        }
    }

    private static int idle(EventLoopGroup group, URI uri, int connections, Options options)
            throws Exception {
        String pid = options.string("--server-pid", null);
        long heapBefore = heapAfterGc(uri.getPort());
        long rssBefore = rssKiB(pid);
        long startedAt = System.nanoTime();

        // At most 256 handshakes in flight: the accept backlog stays short.
        Semaphore inFlight = new Semaphore(256);
        CountDownLatch opened = new CountDownLatch(connections);
        AtomicInteger failed = new AtomicInteger();
        List<Channel> channels = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < connections && System.nanoTime() < deadline; i++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                break;
            }
            IdleSession session = new IdleSession(inFlight, opened, failed);
            ChannelFuture connecting = connect(group, uri, session);
            connecting.addListener(future -> {
                if (!future.isSuccess()) {
                    session.settle(false);
                }
            });
            channels.add(connecting.channel());
        }
        opened.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        long open = connections - opened.getCount() - failed.get();
        double openSeconds = (System.nanoTime() - startedAt) / 1e9;

        // Let every session's virtual thread reach its receive wait before measuring.
        Thread.sleep(2000);
        long heapAfter = heapAfterGc(uri.getPort());
        long rssAfter = rssKiB(pid);
        System.out.printf("WS_IDLE sessions=%d failed=%d open_seconds=%.1f heap_before=%d"
                + " heap_after=%d bytes_per_session=%d rss_before_kib=%d rss_after_kib=%d"
                + " rss_bytes_per_session=%d%n", open, failed.get(), openSeconds, heapBefore,
                heapAfter, open == 0 ? 0 : (heapAfter - heapBefore) / open, rssBefore, rssAfter,
                open == 0 || pid == null ? 0 : (rssAfter - rssBefore) * 1024 / open);
        for (Channel channel : channels) {
            closeQuietly(channel);
        }
        return open == connections ? 0 : 1;
    }

    private static ChannelFuture connect(EventLoopGroup group, URI uri,
            ChannelInboundHandlerAdapter session) {
        return new Bootstrap()
                .group(group)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(8 * 1024))
                                .addLast(new WebSocketClientProtocolHandler(
                                        WebSocketClientProtocolConfig.newBuilder()
                                                .webSocketUri(uri)
                                                .handshakeTimeoutMillis(30_000)
                                                .build()))
                                .addLast(session);
                    }
                })
                .connect(new InetSocketAddress(HOST, uri.getPort()));
    }

    private static void closeQuietly(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(1000, ""));
            channel.close();
        }
    }

    /** Asks the server for its heap after GC, over a plain HTTP/1.1 request. */
    private static long heapAfterGc(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /admin/heap HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Long.parseLong(response.substring(response.indexOf("\r\n\r\n") + 4).trim());
        }
    }

    private static long rssKiB(String pid) throws IOException {
        if (pid == null) {
            return 0;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** One echo loop: a message in flight at a time. Event-loop owned. */
    private static final class EchoSession extends ChannelInboundHandlerAdapter {
        /** The whole masked frame; the echo carries {@code size} bytes of payload. */
        private final ByteBuf frame;
        private final int size;
        private final CountDownLatch handshakes;
        private final CountDownLatch done;
        final Histogram latency = new Histogram();
        long errors;
        long echoes;
        private ChannelHandlerContext ctx;
        private long from;
        private long to;
        private long sentAt;
        private boolean finished;

        EchoSession(ByteBuf frame, int size, CountDownLatch handshakes, CountDownLatch done) {
            this.frame = frame;
            this.size = size;
            this.handshakes = handshakes;
            this.done = done;
        }

        Channel channel() {
            return ctx.channel();
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshakes.countDown();
            }
            ctx.fireUserEventTriggered(event);
        }

        void start(long from, long to) {
            ctx.executor().execute(() -> {
                this.from = from;
                this.to = to;
                send();
            });
        }

        private void send() {
            sentAt = System.nanoTime();
            // A ByteBuf passes the frame encoder untouched: it is a frame already.
            ctx.writeAndFlush(frame.retainedDuplicate(), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            try {
                if (!(msg instanceof TextWebSocketFrame echo) || finished) {
                    return;
                }
                if (echo.content().readableBytes() != size) {
                    errors++;
                }
                echoes++;
                if (sentAt >= from && now <= to) {
                    latency.record(now - sentAt);
                }
                if (now < to) {
                    send();
                } else {
                    finish();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!finished && to != 0) {
                errors++;
                finish();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors++;
            ctx.close();
        }

        private void finish() {
            finished = true;
            done.countDown();
        }
    }

    /** A session that only opens and stays silent. */
    private static final class IdleSession extends ChannelInboundHandlerAdapter {
        private final Semaphore inFlight;
        private final CountDownLatch opened;
        private final AtomicInteger failed;
        private boolean settled;

        IdleSession(Semaphore inFlight, CountDownLatch opened, AtomicInteger failed) {
            this.inFlight = inFlight;
            this.opened = opened;
            this.failed = failed;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                settle(true);
            } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                settle(false);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            settle(false);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            settle(false);
            ctx.close();
        }

        /** Counts the session once, opened or failed; on its event loop. */
        void settle(boolean ok) {
            if (settled) {
                return;
            }
            settled = true;
            inFlight.release();
            if (!ok) {
                failed.incrementAndGet();
            }
            opened.countDown();
        }
    }
}
