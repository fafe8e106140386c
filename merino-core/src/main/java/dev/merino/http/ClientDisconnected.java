package dev.merino.http;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Thrown to a handler reading the request body when the client closed the connection or went
 * silent past the idle timeout. Nobody is left to receive a response, so the server logs it at
 * DEBUG only; a handler may catch it to clean up.
 */
public final class ClientDisconnected extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ClientDisconnected() {
        super(new IOException("The client closed the connection or stopped sending."));
    }
}
