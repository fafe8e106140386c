package dev.merino.internal.server;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a writing thread wait until its channel can take more: the event loop signals on every
 * writability change and on close.
 */
public final class Writability {
    private final Channel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Creates the signal for a channel. */
    public Writability(Channel channel) {
        this.channel = channel;
    }

    /** Called on the event loop when writability changes or the channel closes. */
    public void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until the channel is writable. Must not be called on the event loop. */
    public void awaitWritable() throws IOException {
        if (channel.isWritable()) {
            // Writable implies active: the common case takes no lock.
            return;
        }
        lock.lock();
        try {
            while (channel.isActive() && !channel.isWritable()) {
                // The timed wait covers a signal that raced with the check above.
                changed.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting to write.", e);
        } finally {
            lock.unlock();
        }
        if (!channel.isActive()) {
            throw new IOException("The client closed the connection.");
        }
    }
}
