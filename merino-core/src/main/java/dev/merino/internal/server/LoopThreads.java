package dev.merino.internal.server;

import io.netty.channel.EventLoop;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Starts virtual threads scheduled on one event loop: each time such a thread can run, it runs
 * on the loop's own thread, as one of the loop's tasks, until it waits or ends. Handing a
 * request to its thread and the response back then costs no switch between OS threads.
 *
 * <p>The JDK offers no public way to give a virtual thread its scheduler; its thread builder
 * has one that takes an {@link Executor}, reached by reflection, which needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 */
final class LoopThreads implements Executor {
    /** Runs what resumes once its loop is gone: a handler that outlived the server's stop. */
    private static final ExecutorService AFTER_STOP = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("merino-after-stop-", 0).daemon().factory());

    private final ThreadFactory threads;

    private LoopThreads(ThreadFactory threads) {
        this.threads = threads;
    }

    /**
     * Returns an executor that starts each task on a new virtual thread of {@code loop}, named
     * {@code prefix} and a number.
     *
     * @throws IllegalStateException if the JVM does not open the builder to Merino
     */
    static LoopThreads on(EventLoop loop, String prefix) {
        Thread.Builder.OfVirtual builder = newBuilder(new Scheduler(loop));
        return new LoopThreads(builder.name(prefix, 0).factory());
    }

    /** Fails at start, with the option to add, when the JVM keeps the builder closed. */
    static void checkAvailable() {
        newBuilder(Runnable::run);
    }

    @Override
    public void execute(Runnable task) {
        threads.newThread(task).start();
    }

    private static Thread.Builder.OfVirtual newBuilder(Executor scheduler) {
        try {
            Class<?> type = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> constructor = type.getDeclaredConstructor(Executor.class);
            constructor.setAccessible(true);
            return (Thread.Builder.OfVirtual) constructor.newInstance(scheduler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Virtual threads on the event loop need the JVM"
                    + " option --add-opens java.base/java.lang=ALL-UNNAMED (this JVM: "
                    + e + "); or turn ServerConfig.virtualThreadsOnEventLoop off", e);
        }
    }

    /** Runs the threads' turns on the loop while it lives. */
    private record Scheduler(EventLoop loop) implements Executor {
        @Override
        public void execute(Runnable turn) {
            if (!loop.isShuttingDown()) {
                try {
                    loop.execute(turn);
                    return;
                } catch (RejectedExecutionException e) {
                    // The loop began to shut down after the check: the turn goes below.
                }
            }
            AFTER_STOP.execute(turn);
        }
    }
}
