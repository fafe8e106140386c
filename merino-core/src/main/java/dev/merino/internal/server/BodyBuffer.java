package dev.merino.internal.server;

import dev.merino.http.PayloadTooLarge;
import dev.merino.http.RequestBody;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body in transit from the event loop, which copies each chunk in and releases the
 * buffer at once, to the handler's thread, which blocks until the content it needs is here.
 *
 * <p>Thread ownership: {@link #offer}, {@link #complete} and {@link #fail} run on the event loop;
 * the reading methods on the handler's thread. The lock guards the chunk queue and the flags.
 * Reading pauses the socket past {@link #HIGH_WATER} bytes queued and resumes it below
 * {@link #LOW_WATER}, so a slow stream reader bounds the memory a fast client can use; a reader
 * of the whole body never pauses it (the body limit bounds that).
 */
final class BodyBuffer implements RequestBody {
    static final int HIGH_WATER = 256 * 1024;
    static final int LOW_WATER = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];

    /** What the body asks of its connection; all calls are made from the reading thread. */
    interface Control {
        /** Sends {@code 100 Continue} if the client is waiting for it. */
        void continueIfExpected();

        /** Pauses or resumes reading from the socket. */
        void readPaused(boolean paused);
    }

    /**
     * The lock of every empty body. Nothing waits on an empty body, and its few state changes
     * (a failure when the connection ends) are brief: sharing one lock saves a bodiless request
     * the allocation of its own.
     */
    private static final ReentrantLock EMPTY_LOCK = new ReentrantLock();
    private static final Condition EMPTY_CHANGED = EMPTY_LOCK.newCondition();
    /**
     * The chunk queue of every empty body: a complete body takes no chunk in, so this queue is
     * only ever read, and stays empty.
     */
    private static final ArrayDeque<byte[]> NO_CHUNKS = new ArrayDeque<>(0);

    private final ReentrantLock lock;
    private final Condition changed;
    private final ArrayDeque<byte[]> chunks;
    private final long declaredLength;
    private final long limit;
    private final Control control;
    private long queued;
    private long received;
    private volatile boolean complete;
    private RuntimeException failure;
    private boolean paused;
    private byte[] whole;
    private boolean streaming;
    /** Whether a reader waits for the whole body: then reading must not pause. */
    private boolean wholeWanted;

    BodyBuffer(long declaredLength, long limit, Control control) {
        this.lock = new ReentrantLock();
        this.changed = lock.newCondition();
        this.chunks = new ArrayDeque<>();
        this.declaredLength = declaredLength;
        this.limit = limit;
        this.control = control;
    }

    private BodyBuffer(Control control) {
        this.lock = EMPTY_LOCK;
        this.changed = EMPTY_CHANGED;
        this.chunks = NO_CHUNKS;
        this.declaredLength = 0;
        this.limit = 0;
        this.control = control;
        this.complete = true;
    }

    /** Returns a body that is already complete and empty. */
    static BodyBuffer empty(Control control) {
        return new BodyBuffer(control);
    }

    /**
     * Copies a chunk in; the caller keeps ownership of the buffer. Returns false when the chunk
     * takes the body past its limit; the body has then failed with 413.
     */
    boolean offer(ByteBuf content) {
        int length = content.readableBytes();
        if (length == 0) {
            return true;
        }
        lock.lock();
        try {
            if (failure != null || complete) {
                return failure == null;
            }
            received += length;
            if (received > limit) {
                failure = new PayloadTooLarge("The request body is larger than the limit of "
                        + limit + " bytes.");
                chunks.clear();
                changed.signalAll();
                return false;
            }
            byte[] copy = new byte[length];
            content.getBytes(content.readerIndex(), copy);
            chunks.add(copy);
            queued += length;
            if (queued > HIGH_WATER && !paused && !wholeWanted) {
                paused = true;
                control.readPaused(true);
            }
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Says that the whole body will be read at once, so reading never pauses for it. */
    void wantWhole() {
        lock.lock();
        try {
            wholeWanted = true;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the body complete: the last chunk arrived. */
    void complete() {
        lock.lock();
        try {
            complete = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the body: readers get the exception, unless it is complete already. */
    void fail(RuntimeException cause) {
        lock.lock();
        try {
            if (!complete && failure == null) {
                failure = cause;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether the last chunk arrived. */
    boolean isComplete() {
        return complete;
    }

    @Override
    public long declaredLength() {
        return declaredLength;
    }

    @Override
    public byte[] bytes() {
        lock.lock();
        try {
            if (whole != null) {
                return whole;
            }
            if (streaming) {
                throw new IllegalStateException("The body is being read as a stream.");
            }
            if (!complete) {
                control.continueIfExpected();
                // The whole body is wanted, so nothing is gained by holding the client back:
                // the body limit bounds what is kept, and a paused socket would never complete.
                wholeWanted = true;
                if (paused) {
                    paused = false;
                    control.readPaused(false);
                }
            }
            while (!complete && failure == null) {
                changed.awaitUninterruptibly();
            }
            if (failure != null) {
                throw failure;
            }
            whole = concatenate();
            return whole;
        } finally {
            lock.unlock();
        }
    }

    private byte[] concatenate() {
        if (chunks.isEmpty()) {
            return EMPTY;
        }
        if (chunks.size() == 1) {
            queued = 0;
            return chunks.poll();
        }
        byte[] out = new byte[Math.toIntExact(queued)];
        int at = 0;
        for (byte[] chunk; (chunk = chunks.poll()) != null; ) {
            System.arraycopy(chunk, 0, out, at, chunk.length);
            at += chunk.length;
        }
        queued = 0;
        resumeIfDrained();
        return out;
    }

    @Override
    public InputStream stream() {
        lock.lock();
        try {
            if (whole != null || streaming) {
                throw new IllegalStateException("The body was read already.");
            }
            streaming = true;
            return new Stream();
        } finally {
            lock.unlock();
        }
    }

    private void resumeIfDrained() {
        if (paused && queued < LOW_WATER) {
            paused = false;
            control.readPaused(false);
        }
    }

    /** Reads chunks as they arrive; not thread-safe, like any InputStream. */
    private final class Stream extends InputStream {
        private byte[] current = EMPTY;
        private int position;
        private boolean asked;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position == current.length && !next()) {
                return -1;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - position;
        }

        private boolean next() throws IOException {
            lock.lock();
            try {
                if (!asked && !complete) {
                    asked = true;
                    control.continueIfExpected();
                }
                while (chunks.isEmpty() && !complete && failure == null) {
                    changed.awaitUninterruptibly();
                }
                if (failure instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                if (failure != null) {
                    throw failure;
                }
                byte[] chunk = chunks.poll();
                if (chunk == null) {
                    return false;
                }
                queued -= chunk.length;
                resumeIfDrained();
                current = chunk;
                position = 0;
                return true;
            } finally {
                lock.unlock();
            }
        }
    }
}
