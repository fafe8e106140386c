package dev.merino.internal.server;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Thrown to a handler reading a body when the client closed the connection or went silent. */
final class ConnectionClosed extends UncheckedIOException {

    ConnectionClosed() {
        super(new IOException("The client closed the connection or stopped sending."));
    }
}
