package dev.merino.internal.server;

import io.netty.channel.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Starts request threads scheduled on one event loop: each time such a thread can run, it runs
 * on the loop's own thread, as one of the loop's tasks, until it waits or ends. Handing a
 * request to its thread and the response back then costs no switch between OS threads.
 *
 * <p>The JDK offers no public way to give a virtual thread its scheduler; its thread builder
 * has one that takes an {@link Executor}, reached by reflection, which needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}. A virtual thread started by another
 * takes its parent's scheduler: the threads a handler starts, and the JDK's own socket pollers
 * when a request thread is the first to wait on a socket, would land on the loop too. Only the
 * request threads started here run there: the scheduler knows their turns (each thread's one
 * {@code runContinuation} task) and hands every other turn to the JDK's own scheduler.
 */
final class LoopThreads implements Executor {
    /** The first JDK on which a virtual thread waiting in a monitor releases its carrier. */
    static final int MINIMUM_JDK = 24;

    /** Runs what resumes once its loop is gone: a handler that outlived the server's stop. */
    private static final ExecutorService AFTER_STOP = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("merino-after-stop-", 0).daemon().factory());

    /** The turns of the live request threads of every loop. */
    private static final Set<Runnable> REQUEST_TURNS = ConcurrentHashMap.newKeySet();

    private final ThreadFactory threads;
    private final ClassLoader contextLoader;

    private LoopThreads(ThreadFactory threads, ClassLoader contextLoader) {
        this.threads = threads;
        this.contextLoader = contextLoader;
    }

    /**
     * Returns an executor that starts each task on a new virtual thread of {@code loop}, named
     * {@code prefix} and a number, with no inherited thread-locals and {@code contextLoader} as
     * its context class loader.
     *
     * @throws IllegalStateException if the JDK is too old or keeps its internals closed
     */
    static LoopThreads on(EventLoop loop, String prefix, ClassLoader contextLoader) {
        Thread.Builder.OfVirtual builder = Internals.get().builder(new Scheduler(loop));
        return new LoopThreads(builder.name(prefix, 0).inheritInheritableThreadLocals(false)
                .factory(), contextLoader);
    }

    /** Fails at start, naming what is missing, unless this JVM can run threads on a loop. */
    static void checkAvailable() {
        checkJdk(Runtime.version().feature());
        Internals.get();
    }

    /** Fails for a JDK on which a thread waiting in a monitor would hold the loop. */
    static void checkJdk(int feature) {
        if (feature < MINIMUM_JDK) {
            throw new IllegalStateException("Virtual threads on the event loop need JDK "
                    + MINIMUM_JDK + " or newer, where a virtual thread that waits for a"
                    + " monitor leaves its carrier; on JDK " + feature + " it would hold the"
                    + " loop. Turn ServerConfig.virtualThreadsOnEventLoop off");
        }
    }

    @Override
    public void execute(Runnable task) {
        RequestTask request = new RequestTask(task);
        Thread thread = threads.newThread(request);
        request.turn = Internals.get().turnOf(thread);
        thread.setContextClassLoader(contextLoader);
        REQUEST_TURNS.add(request.turn);
        thread.start();
    }

    /** A request thread's task: its turns stop counting as a request thread's when it ends. */
    private static final class RequestTask implements Runnable {
        private final Runnable task;
        /** Set before the thread starts, which publishes it to the thread. */
        Runnable turn;

        RequestTask(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } finally {
                REQUEST_TURNS.remove(turn);
            }
        }
    }

    /** Runs request threads' turns on the loop while it lives; any other thread's on the JDK's. */
    private record Scheduler(EventLoop loop) implements Executor {
        @Override
        public void execute(Runnable turn) {
            if (!REQUEST_TURNS.contains(turn)) {
                Internals.get().jdkScheduler.execute(turn);
                return;
            }
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

    /** The JDK internals this needs, looked up once; a failure names the JVM option. */
    private record Internals(Constructor<?> builderConstructor, VarHandle runContinuation,
            Executor jdkScheduler) {
        private static volatile Internals instance;

        static Internals get() {
            Internals found = instance;
            if (found == null) {
                found = find();
                instance = found;
            }
            return found;
        }

        private static Internals find() {
            try {
                Class<?> type = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                Constructor<?> constructor = type.getDeclaredConstructor(Executor.class);
                constructor.setAccessible(true);
                Class<?> virtualThread = Class.forName("java.lang.VirtualThread");
                VarHandle runContinuation = MethodHandles.privateLookupIn(virtualThread,
                        MethodHandles.lookup()).findVarHandle(virtualThread,
                        "runContinuation", Runnable.class);
                Method defaultScheduler = virtualThread.getDeclaredMethod("defaultScheduler");
                defaultScheduler.setAccessible(true);
                return new Internals(constructor, runContinuation,
                        (Executor) defaultScheduler.invoke(null));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("Virtual threads on the event loop need the"
                        + " JVM option --add-opens java.base/java.lang=ALL-UNNAMED (this JVM: "
                        + e + "); or turn ServerConfig.virtualThreadsOnEventLoop off", e);
            }
        }

        Thread.Builder.OfVirtual builder(Executor scheduler) {
            try {
                return (Thread.Builder.OfVirtual) builderConstructor.newInstance(scheduler);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot make a virtual-thread builder", e);
            }
        }

        /** Returns the task the thread gives its scheduler each time it can run. */
        Runnable turnOf(Thread thread) {
            return (Runnable) runContinuation.get(thread);
        }
    }
}
