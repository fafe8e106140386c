package dev.merino.internal.server;

import io.netty.channel.SingleThreadIoEventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Starts the request threads that one turn of an event loop asks for together, at the end of
 * the turn, on the JDK's carriers.
 *
 * <p>Started one by one as the loop reads each request, the first thread wakes a carrier,
 * which on a busy core may take the core from the loop at once, run that one thread, find no
 * other and wait again, while the loop still has the turn's other requests to read. Started
 * together after the turn, the carrier finds them all queued. A thread started from any other
 * thread (the thread of a request before it on the connection) starts at once.
 */
final class IterationStarts implements Executor {
    private final SingleThreadIoEventLoop loop;
    private final Executor starter;
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final Runnable startAll = this::startAll;

    IterationStarts(SingleThreadIoEventLoop loop, Executor starter) {
        this.loop = loop;
        this.starter = starter;
    }

    @Override
    public void execute(Runnable task) {
        if (!loop.inEventLoop()) {
            starter.execute(task);
            return;
        }
        if (pending.isEmpty()) {
            try {
                loop.executeAfterEventLoopIteration(startAll);
            } catch (RejectedExecutionException e) {
                // The loop has stopped: it runs no more turns to end.
                starter.execute(task);
                return;
            }
        }
        pending.add(task);
    }

    private void startAll() {
        for (Runnable task; (task = pending.poll()) != null; ) {
            starter.execute(task);
        }
    }
}
