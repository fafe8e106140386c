package dev.merino.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.local.LocalIoHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IterationStartsTest {
    private final List<String> started = new CopyOnWriteArrayList<>();
    /** Records what it is asked to start and by which thread, instead of starting threads. */
    private final Executor recorder = task -> {
        started.add(Thread.currentThread().getName());
        task.run();
    };
    private EventLoopGroup group;
    private SingleThreadIoEventLoop loop;

    @BeforeEach
    void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        loop = (SingleThreadIoEventLoop) group.next();
    }

    @AfterEach
    void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void threadsAskedForInOneTurnStartTogetherAfterIt() throws Exception {
        IterationStarts starts = new IterationStarts(loop, recorder);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<Integer> startedWithinTheTurn = new CopyOnWriteArrayList<>();
        loop.submit(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                starts.execute(() -> ran.add("request " + n));
            }
            startedWithinTheTurn.add(started.size());
        }).sync();
        awaitTurnEnd();

        assertThat(startedWithinTheTurn).containsExactly(0);
        assertThat(ran).containsExactly("request 0", "request 1", "request 2");
        assertThat(started).hasSize(3).allSatisfy(
                thread -> assertThat(thread).isEqualTo(threadName(loop)));

        // The next turn starts its own batch.
        loop.submit(() -> starts.execute(() -> ran.add("request 3"))).sync();
        awaitTurnEnd();
        assertThat(ran).endsWith("request 3");
        assertThat(started).hasSize(4);
    }

    @Test
    void aThreadAskedForOffTheLoopStartsAtOnce() {
        IterationStarts starts = new IterationStarts(loop, recorder);
        List<String> ran = new CopyOnWriteArrayList<>();
        starts.execute(() -> ran.add("next pipelined request"));
        assertThat(ran).containsExactly("next pipelined request");
        assertThat(started).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aThreadAskedForOnAStoppingLoopStillStarts() throws Exception {
        IterationStarts starts = new IterationStarts(loop, recorder);
        List<String> ran = new CopyOnWriteArrayList<>();
        loop.submit(() -> {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            starts.execute(() -> ran.add("request during the stop"));
        });
        assertThat(group.terminationFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("request during the stop");
    }

    /**
     * Waits until the tasks queued for after the loop's current turn have run: a task queued
     * for after the turn now runs behind them. (A plain task submitted now may still run
     * within the same turn, before them.)
     */
    private void awaitTurnEnd() throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        loop.execute(() -> loop.executeAfterEventLoopIteration(ended::countDown));
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static String threadName(SingleThreadIoEventLoop loop) throws Exception {
        return loop.submit(() -> Thread.currentThread().getName()).get();
    }
}
