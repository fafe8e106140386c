package dev.merino.benchmarks.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.NettyRuntime;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the benchmark endpoints on Netty 4.2 with no framework, tuned by hand. Native
 * epoll, one event loop per core, pooled buffers, {@code HttpServerCodec}, responses written
 * without flushing and flushed once per read batch, a {@code Date} value refreshed once a second,
 * pre-encoded header names and values. WebSocket through Netty's
 * {@code WebSocketServerProtocolHandler}, installed only on an upgrade request.
 *
 * <p>Arguments: {@code --port N} (default 8080), {@code --io-threads N} (default: one per
 * core). Listens on 127.0.0.1 only.
 */
public final class RawNettyServer {

    private RawNettyServer() {
    }

    /** Starts the server; it runs until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        long mainAt = System.nanoTime();
        int port = Integer.parseInt(option(args, "--port", "8080"));
        int threads = Integer.parseInt(option(args, "--io-threads",
                Integer.toString(NettyRuntime.availableProcessors())));
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("The baseline needs native epoll",
                    Epoll.unavailabilityCause());
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                EpollIoHandler.newFactory());
        DateValue date = new DateValue();
        group.scheduleAtFixedRate(date::refresh, 1000 - System.currentTimeMillis() % 1000, 1000,
                TimeUnit.MILLISECONDS);
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(8 * 1024)
                .setMaxHeaderSize(16 * 1024)
                .setValidateHeaders(false);
        Channel listener = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast("codec", new HttpServerCodec(decoding))
                                .addLast("http", new HttpHandler(date));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        // Concatenation, not printf, as in BenchApp: the same start-up work for both servers.
        System.out.println("raw-netty listening on 127.0.0.1:" + port + " with " + threads
                + " event loop(s) (main to listening " + (System.nanoTime() - mainAt) / 1_000_000
                + " ms)");
        listener.closeFuture().sync();
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
