package dev.merino.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a streamed response body.
 *
 * <p>Called on the request's virtual thread after the handler returns (on the event loop for a
 * non-blocking route, where it must not block). Writes block while the client reads slower
 * than the body is produced, so memory stays bounded; {@link OutputStream#flush()} sends what
 * was written so far. An {@link IOException} from a write means the client went away.
 */
@FunctionalInterface
public interface BodyWriter {

    /** Writes the body to {@code out}; the stream is closed by the server afterwards. */
    void writeTo(OutputStream out) throws IOException;
}
