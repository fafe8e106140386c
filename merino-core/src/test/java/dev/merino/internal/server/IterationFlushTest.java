package dev.merino.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IterationFlushTest {

    /** Counts the flushes that get past the handler under test. */
    private static final class FlushCounter extends ChannelDuplexHandler {
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    }

    /** Writes and flushes each message it reads, as a response would be. */
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final int flushes;

        Answer(int flushes) {
            this.flushes = flushes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            for (int i = 0; i < flushes; i++) {
                ctx.write("answer " + i);
                ctx.flush();
            }
        }
    }

    @Test
    void responsesWrittenByTasksQueuedOneBehindTheOtherLeaveInOneFlush() throws Exception {
        assertThat(flushesOfTwoChainedTasks(true)).isEqualTo(1);
        // Netty's consolidation queues its flush between the two tasks: each leaves alone.
        assertThat(flushesOfTwoChainedTasks(false)).isEqualTo(2);
    }

    /**
     * On a real event loop, a task writes and flushes and queues a second task that does the
     * same, as request threads on the loop do; returns how many flushes reached the socket.
     */
    private static int flushesOfTwoChainedTasks(boolean iterationFlush) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        FlushCounter counter = new FlushCounter();
        List<Object> received = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        LocalAddress address = new LocalAddress("iteration-flush-" + iterationFlush);
        try {
            Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    received.add(msg);
                                    both.countDown();
                                }
                            });
                        }
                    }).bind(address).sync().channel();
            Channel client = new Bootstrap().group(group).channel(LocalChannel.class)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(counter, iterationFlush
                                    ? new IterationFlush()
                                    : new FlushConsolidationHandler(256, true));
                        }
                    }).connect(address).sync().channel();
            EventLoop loop = client.eventLoop();
            loop.execute(() -> {
                client.write("first");
                client.flush();
                loop.execute(() -> {
                    client.write("second");
                    client.flush();
                });
            });
            assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(received).containsExactly("first", "second");
            client.close().sync();
            server.close().sync();
            return counter.flushes.get();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aFlushWithinAReadWaitsForTheEndOfTheRead() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(counter, new IterationFlush(),
                new Answer(3));

        channel.writeInbound("request");

        assertThat(counter.flushes.get()).isEqualTo(1);
        assertThat(channel.outboundMessages()).hasSize(3);
        channel.finishAndReleaseAll();
    }

    @Test
    void theFlushThatReachesTheLimitGoesThroughAtOnce() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(counter, new IterationFlush(),
                new Answer(IterationFlush.MAX_PENDING + 1));

        channel.pipeline().fireChannelRead("request");

        assertThat(counter.flushes.get()).isEqualTo(1);
        assertThat(channel.outboundMessages()).hasSize(IterationFlush.MAX_PENDING);
        channel.pipeline().fireChannelReadComplete();
        assertThat(counter.flushes.get()).isEqualTo(2);
        assertThat(channel.outboundMessages()).hasSize(IterationFlush.MAX_PENDING + 1);
        channel.finishAndReleaseAll();
    }

    @Test
    void closingSendsWhatWasHeldBack() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(counter, new IterationFlush(),
                new Answer(2));

        channel.pipeline().fireChannelRead("request");
        assertThat(channel.outboundMessages()).isEmpty();
        channel.close();

        assertThat(counter.flushes.get()).isEqualTo(1);
        assertThat(channel.outboundMessages()).hasSize(2);
        channel.finishAndReleaseAll();
    }

    @Test
    void aFlushOutsideAReadWaitsForTheLoopsQueuedTasks() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(counter, new IterationFlush());

        channel.pipeline().write("response");
        channel.pipeline().flush();
        assertThat(counter.flushes.get()).isZero();
        channel.runPendingTasks();

        assertThat(counter.flushes.get()).isEqualTo(1);
        assertThat(channel.outboundMessages()).hasSize(1);
        channel.finishAndReleaseAll();
    }
}
