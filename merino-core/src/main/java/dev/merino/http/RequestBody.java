package dev.merino.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * The content of a request, read once either whole or as a stream.
 *
 * <p>The server's implementation blocks the calling (virtual) thread until content arrives,
 * sends {@code 100 Continue} first when the client asked for it, and throws
 * {@link PayloadTooLarge} past the route's body limit.
 */
public interface RequestBody {

    /** Returns the whole content, reading it if needed; repeated calls return the same bytes. */
    byte[] bytes();

    /**
     * Returns the content as a stream that reads as it arrives.
     *
     * @throws IllegalStateException if the content was already read with {@link #bytes()} in
     *     part, or this method was called before
     */
    InputStream stream();

    /** Returns the declared length from {@code Content-Length}, or -1 when it is not known. */
    long declaredLength();

    /** Returns a body of the given bytes, for tests and for requests made in-process. */
    static RequestBody of(byte[] content) {
        byte[] copy = content.clone();
        return new RequestBody() {
            @Override
            public byte[] bytes() {
                return copy;
            }

            @Override
            public InputStream stream() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public long declaredLength() {
                return copy.length;
            }
        };
    }

    /** Returns an empty body. */
    static RequestBody empty() {
        return of(new byte[0]);
    }
}
