package dev.merino;

import dev.merino.http.Request;

/**
 * Turns an exception into a response.
 *
 * <p>Registered by exception type with {@link App#exception(Class, ExceptionHandler)} (the most
 * specific type wins) or by status with {@link App#status(int, ExceptionHandler)}. Its return
 * value converts as a {@link Handler}'s does. If it throws, the client gets a 500. When it
 * answers an {@link dev.merino.http.HttpException} with that exception's status, the
 * exception's headers ({@code Allow}, {@code WWW-Authenticate}, {@code Retry-After}...) are
 * added to the response unless it sets them itself.
 *
 * @param <T> the exception type
 */
@FunctionalInterface
public interface ExceptionHandler<T extends Throwable> {

    /** Returns the response for the exception thrown while serving the request. */
    Object handle(T exception, Request request) throws Exception;
}
