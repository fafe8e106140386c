package dev.merino.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a {@link dev.merino.http.BodyWriter} writes to: it gathers bytes into buffers of
 * {@link #CHUNK} bytes, writes each as one HTTP chunk, and blocks while the channel is not
 * writable, so a slow client holds back the producer instead of filling the heap.
 */
final class ChunkedBodyStream extends OutputStream {
    static final int CHUNK = 16 * 1024;

    private final Channel channel;
    private final Writability writability;
    private ByteBuf buffer;
    private boolean closed;

    ChunkedBodyStream(Channel channel, Writability writability) {
        this.channel = channel;
        this.writability = writability;
    }

    @Override
    public void write(int b) throws IOException {
        ensureBuffer().writeByte(b);
        if (buffer.readableBytes() >= CHUNK) {
            send(false);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            ByteBuf target = ensureBuffer();
            int n = Math.min(length, CHUNK - target.readableBytes());
            target.writeBytes(bytes, offset, n);
            offset += n;
            length -= n;
            if (target.readableBytes() >= CHUNK) {
                send(false);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        send(true);
    }

    /** Sends what is buffered; the caller writes the last chunk. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (buffer != null && buffer.readableBytes() > 0) {
                send(false);
            }
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
        }
    }

    /** Releases what is buffered without sending it, after the writer failed. */
    void discard() {
        closed = true;
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    private ByteBuf ensureBuffer() throws IOException {
        if (closed) {
            throw new IOException("The response body stream is closed.");
        }
        if (buffer == null) {
            buffer = channel.alloc().buffer(CHUNK);
        }
        return buffer;
    }

    private void send(boolean flush) throws IOException {
        if (buffer != null && buffer.readableBytes() > 0) {
            ByteBuf chunk = buffer;
            buffer = null;
            if (!channel.isActive()) {
                chunk.release();
                throw new IOException("The client closed the connection.");
            }
            channel.write(new DefaultHttpContent(chunk));
            if (!channel.isWritable()) {
                channel.flush();
                writability.awaitWritable();
                return;
            }
        }
        if (flush) {
            channel.flush();
        }
    }
}
