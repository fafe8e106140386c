package dev.merino;

import dev.merino.http.Request;
import dev.merino.http.Response;
import java.util.Optional;

/**
 * Middleware around the handlers: it sees every request, including those answered 404 or 405,
 * and may pass it on (changed or not), answer it itself, or change the response.
 *
 * <p>Filters run in the order they were added, the first outermost, on the same thread as the
 * handler. An exception thrown inside {@link Chain#next(Request)} has already been turned into a
 * response by the exception handlers when {@code next} returns, so a filter sees the 404 or 500
 * that the client will get. An exception a filter throws itself is mapped the same way.
 */
@FunctionalInterface
public interface Filter {

    /** Filters the request; call {@code chain.next(request)} to continue, or don't. */
    Response filter(Request request, Chain chain) throws Exception;

    /** The rest of the filters and the handler. */
    @FunctionalInterface
    interface Chain {

        /**
         * Passes the request on and returns the response from further in; never throws. Each
         * call runs the rest of the chain, so a filter may call it again, for example to retry.
         */
        Response next(Request request);

        /**
         * Returns the route the request matched, with its options, or empty when it matched
         * none (it is on its way to a 404, 405 or the automatic OPTIONS answer). Filters such as
         * {@link dev.merino.auth.Auth} read the route's declarations here.
         */
        default Optional<RouteDefinition> route() {
            return Optional.empty();
        }
    }
}
