package dev.merino.http;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Ends the request with 405 Method Not Allowed and the {@code Allow} header it requires. */
public class MethodNotAllowed extends HttpException {
    private final Set<Method> allowed;

    /** Creates the exception for a resource that supports the given methods. */
    public MethodNotAllowed(Set<Method> allowed) {
        super(Status.METHOD_NOT_ALLOWED, "The method is not supported by this resource.",
                Headers.of("Allow", allow(allowed)), Map.of(), null);
        this.allowed = Set.copyOf(allowed);
    }

    /** Returns the methods the resource supports. */
    public Set<Method> allowed() {
        return allowed;
    }

    /** Returns the value of an {@code Allow} header listing the methods in canonical order. */
    public static String allow(Set<Method> methods) {
        return methods.stream().sorted().map(Method::name).collect(Collectors.joining(", "));
    }
}
