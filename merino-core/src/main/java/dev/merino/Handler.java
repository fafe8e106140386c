package dev.merino;

import dev.merino.http.Request;

/**
 * Handles a request routed to it.
 *
 * <p>Called on a virtual thread of its own, so it may block (unless its route is declared
 * non-blocking, when it runs on the event loop and must not). The value returned becomes the
 * response: a {@link dev.merino.http.Response} as is, a {@code String} as
 * {@code text/plain; charset=utf-8}, a {@code byte[]} as {@code application/octet-stream},
 * a {@link dev.merino.http.Problem} as {@code application/problem+json} with its status,
 * {@code null} (or a block that returns nothing useful) as 204 No Content, and any other object
 * as JSON. Whatever it throws is mapped by the application's exception handlers.
 */
@FunctionalInterface
public interface Handler {

    /** Handles the request and returns the response or a value to convert into one. */
    Object handle(Request request) throws Exception;
}
