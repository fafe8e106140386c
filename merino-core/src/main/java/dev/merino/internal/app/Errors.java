package dev.merino.internal.app;

import dev.merino.ExceptionHandler;
import dev.merino.http.ClientDisconnected;
import dev.merino.http.HttpException;
import dev.merino.http.Problem;
import dev.merino.http.Request;
import dev.merino.http.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps exceptions to responses: the registered handler of the closest type (with status
 * handlers taking the place of {@code HttpException} in the hierarchy), else the exception's own
 * problem response, else a 500 with an error id that the one ERROR log line also carries.
 */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger("dev.merino.errors");

    private final Map<Class<?>, ExceptionHandler<?>> byType;
    private final Map<Integer, ExceptionHandler<? super HttpException>> byStatus;
    private final boolean development;

    Errors(Map<Class<? extends Throwable>, ExceptionHandler<?>> byType,
            Map<Integer, ExceptionHandler<? super HttpException>> byStatus, boolean development) {
        this.byType = new HashMap<>(byType);
        this.byStatus = new HashMap<>(byStatus);
        this.development = development;
    }

    /** Returns the response for an exception thrown while serving the request; never throws. */
    public Response toResponse(Throwable exception, Request request) {
        ExceptionHandler<Throwable> handler = handlerFor(exception);
        if (handler != null) {
            try {
                return withRequiredHeaders(exception,
                        Results.toResponse(handler.handle(exception, request)));
            } catch (Throwable failure) {
                failure.addSuppressed(exception);
                return unhandled(failure, request, "An exception handler failed");
            }
        }
        if (exception instanceof HttpException http) {
            return http.toResponse(request.path());
        }
        if (exception instanceof ClientDisconnected) {
            // Any client can hang up mid-body; that is no server error, and nobody is left to
            // read the answer.
            log.debug("The client of {} left before its request body arrived", where(request));
            return Response.problem(new Problem(null, "Bad Request", 400,
                    "The request body did not arrive.", request.path(), null));
        }
        return unhandled(exception, request, "Unhandled exception");
    }

    /**
     * Adds the exception's headers that a handler's response of the same status lacks: RFC 9110
     * requires {@code Allow} on a 405 (section 15.5.6) and {@code WWW-Authenticate} on a 401
     * (section 15.5.2), and a custom body should not cost the client its {@code Retry-After}.
     * A handler that answers with another status (a redirect to a login page, say) is left as
     * it is.
     */
    private static Response withRequiredHeaders(Throwable exception, Response response) {
        if (!(exception instanceof HttpException http)
                || !http.status().equals(response.status())) {
            return response;
        }
        for (Map.Entry<String, String> header : http.headers()) {
            if (!response.headers().contains(header.getKey())) {
                response = response.addHeader(header.getKey(), header.getValue());
            }
        }
        return response;
    }

    @SuppressWarnings("unchecked")
    private ExceptionHandler<Throwable> handlerFor(Throwable exception) {
        for (Class<?> type = exception.getClass(); type != null; type = type.getSuperclass()) {
            if (type == HttpException.class) {
                ExceptionHandler<?> byCode = byStatus.get(((HttpException) exception).status()
                        .code());
                if (byCode != null) {
                    return (ExceptionHandler<Throwable>) byCode;
                }
            }
            ExceptionHandler<?> handler = byType.get(type);
            if (handler != null) {
                return (ExceptionHandler<Throwable>) handler;
            }
        }
        return null;
    }

    private Response unhandled(Throwable exception, Request request, String what) {
        String errorId = newErrorId();
        log.error("{} while serving {} (error id {})", what, where(request), errorId, exception);
        return Response.problem(internalError(errorId, exception, request.path()));
    }

    /** Returns the problem for a 500 with the given error id; detailed in development mode. */
    public Problem internalError(String errorId, Throwable exception, String instance) {
        if (!development) {
            return new Problem(null, "Internal Server Error", 500,
                    "The server failed to complete the request. Quote error id " + errorId
                            + " when reporting it.", instance, Map.of("errorId", errorId));
        }
        List<String> trace = new ArrayList<>();
        for (StackTraceElement frame : exception.getStackTrace()) {
            trace.add(frame.toString());
            if (trace.size() == 30) {
                break;
            }
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("errorId", errorId);
        extensions.put("trace", trace);
        return new Problem(null, "Internal Server Error", 500, exception.toString(), instance,
                extensions);
    }

    /** Returns a new random error id: 16 hexadecimal digits. */
    public static String newErrorId() {
        String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** Describes a request for a log line: method and route template, or the escaped path. */
    public static String where(Request request) {
        return request.method() + " " + request.route().orElseGet(() -> escape(request.path()));
    }

    /** Escapes control characters and non-ASCII in text that came from the network. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c >= 0x20 && c < 0x7f;
            if (!plain && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (plain) {
                    out.append(c);
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
