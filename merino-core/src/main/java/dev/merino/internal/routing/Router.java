package dev.merino.internal.routing;

import dev.merino.http.Method;
import dev.merino.http.PathParams;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Matches request paths to routes through a segment trie built once at start.
 *
 * <p>A lookup costs one hash probe per path segment (plus a parse per typed parameter tried),
 * whatever the number of routes. At each position a literal child is tried first, then typed
 * parameters in {@link PathPattern.Type} order, then the catch-all; the search backtracks when a
 * branch ends without a route for the method, so {@code /users/new/edit} can still reach
 * {@code /users/{id}/edit} when {@code /users/new} has no such child. A lookup that finds no
 * route for its method walks the matching branches once more, to answer 405 and OPTIONS with
 * the methods of every route the path matches.
 *
 * <p>Immutable after {@link Builder#build()}; safe to share between threads.
 *
 * @param <T> the value stored per route
 */
public final class Router<T> {
    private final Node<T> root;
    private final int maxParams;
    private final Set<Method> methods;

    private Router(Node<T> root, int maxParams, Set<Method> methods) {
        this.root = root;
        this.maxParams = maxParams;
        this.methods = methods;
    }

    /** Returns a builder. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The outcome of a lookup. */
    public sealed interface Result<T> {
    }

    /** A route serves the method at this path. */
    public record Found<T>(T value, PathPattern pattern, PathParams params) implements Result<T> {
    }

    /** An OPTIONS request at a path whose routes do not declare OPTIONS. */
    public record Options<T>(Set<Method> allowed) implements Result<T> {
    }

    /** Routes exist at this path, none for the method. */
    public record WrongMethod<T>(Set<Method> allowed) implements Result<T> {
    }

    /** No route has this path. */
    public record Missing<T>() implements Result<T> {
    }

    /**
     * Looks up the route for a method and the percent-decoded segments of a path. HEAD is
     * served by GET when no HEAD route exists. When no route serves the method, the allowed
     * methods are those of every route whose template matches the path, not only the first.
     */
    public Result<T> match(Method method, String[] segments) {
        // A path of literal segments only, served as asked, is what the search below would find
        // first too, since it tries literal children before the others: found without it.
        Node<T> literal = root;
        for (int i = 0; literal != null && i < segments.length; i++) {
            literal = literal.literals == null ? null : literal.literals.get(segments[i]);
        }
        if (literal != null && literal.routes != null) {
            Entry<T> entry = literal.entryFor(method);
            if (entry != null) {
                return entry.found;
            }
        }
        Search<T> search = new Search<>(method, segments, maxParams);
        Node<T> node = search.find(root, 0);
        if (node != null) {
            Entry<T> entry = node.entryFor(method);
            return new Found<>(entry.value, entry.pattern, search.params(entry.pattern));
        }
        Set<Method> allowed = allowed(segments);
        if (allowed.isEmpty()) {
            return new Missing<>();
        }
        return method == Method.OPTIONS ? new Options<>(allowed) : new WrongMethod<>(allowed);
    }

    /**
     * Returns the methods allowed at a path, with HEAD wherever GET is and OPTIONS everywhere;
     * empty when no route has the path.
     */
    public Set<Method> allowed(String[] segments) {
        Search<T> search = new Search<>(null, segments, maxParams);
        search.find(root, 0);
        return search.allowed == null ? Set.of() : search.allowed;
    }

    /**
     * Returns the methods some route serves, with HEAD if any route has GET, and OPTIONS: what
     * the server as a whole allows, for {@code OPTIONS *}.
     */
    public Set<Method> methods() {
        return methods;
    }

    /**
     * Returns how many trie nodes a lookup of the method and segments visits: a measure of its
     * cost for tests and benchmarks, which must not grow with the number of routes.
     */
    public int visits(Method method, String[] segments) {
        Search<T> search = new Search<>(method, segments, maxParams);
        search.find(root, 0);
        return search.visits;
    }

    /** A route; {@code found} is its lookup result when its pattern has no parameters. */
    private record Entry<T>(T value, PathPattern pattern, String description, Found<T> found) {
        Entry(T value, PathPattern pattern, String description) {
            this(value, pattern, description, pattern.paramCount() == 0
                    ? new Found<>(value, pattern, PathParams.NONE) : null);
        }
    }

    private static final class Node<T> {
        Map<String, Node<T>> literals;
        @SuppressWarnings("unchecked")
        final Node<T>[] params = new Node[PathPattern.Type.values().length];
        Node<T> catchAll;
        EnumMap<Method, Entry<T>> routes;

        Entry<T> entryFor(Method method) {
            Entry<T> entry = routes.get(method);
            if (entry == null && method == Method.HEAD) {
                entry = routes.get(Method.GET);
            }
            return entry;
        }

        Set<Method> allowed() {
            EnumSet<Method> allowed = EnumSet.copyOf(routes.keySet());
            if (allowed.contains(Method.GET)) {
                allowed.add(Method.HEAD);
            }
            allowed.add(Method.OPTIONS);
            return allowed;
        }
    }

    /**
     * One lookup's state: the captured values so far, undone on backtracking. Without a method
     * it finds nothing and walks every branch that matches, collecting the allowed methods.
     */
    private static final class Search<T> {
        final Method method;
        final String[] segments;
        final String[] raw;
        final Object[] typed;
        int captured;
        EnumSet<Method> allowed;
        int visits;

        Search(Method method, String[] segments, int maxParams) {
            this.method = method;
            this.segments = segments;
            this.raw = new String[maxParams];
            this.typed = new Object[maxParams];
        }

        Node<T> find(Node<T> node, int index) {
            visits++;
            if (index == segments.length) {
                Node<T> found = terminal(node);
                if (found != null || node.catchAll == null) {
                    return found;
                }
                return capture(node.catchAll, "", "", index, true);
            }
            String segment = segments[index];
            if (node.literals != null) {
                Node<T> child = node.literals.get(segment);
                if (child != null) {
                    Node<T> found = find(child, index + 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
            for (PathPattern.Type type : PathPattern.Type.values()) {
                Node<T> child = node.params[type.ordinal()];
                if (child == null) {
                    continue;
                }
                Object value = type.convert(segment);
                if (value != null) {
                    Node<T> found = capture(child, segment, value, index + 1, false);
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (node.catchAll != null) {
                String rest = String.join("/",
                        java.util.Arrays.copyOfRange(segments, index, segments.length));
                return capture(node.catchAll, rest, rest, segments.length, true);
            }
            return null;
        }

        /** Captures a value, then continues below the child; a catch-all child is a leaf. */
        private Node<T> capture(Node<T> child, String rawValue, Object value, int next,
                boolean leaf) {
            int mark = captured;
            raw[captured] = rawValue;
            typed[captured] = value;
            captured++;
            Node<T> found = leaf ? terminal(child) : find(child, next);
            if (found == null) {
                captured = mark;
            }
            return found;
        }

        private Node<T> terminal(Node<T> node) {
            if (node.routes == null) {
                return null;
            }
            if (method == null) {
                if (allowed == null) {
                    allowed = EnumSet.noneOf(Method.class);
                }
                allowed.addAll(node.allowed());
                return null;
            }
            return node.entryFor(method) != null ? node : null;
        }

        PathParams params(PathPattern pattern) {
            int count = pattern.paramCount();
            if (count == 0) {
                return PathParams.NONE;
            }
            return PathParams.of(pattern.paramNames(), java.util.Arrays.copyOf(raw, count),
                    java.util.Arrays.copyOf(typed, count));
        }
    }

    /** Collects routes and builds the trie; reports conflicts as they are added. */
    public static final class Builder<T> {
        private final Node<T> root = new Node<>();
        private final EnumSet<Method> methods = EnumSet.of(Method.OPTIONS);
        private int maxParams;

        /**
         * Adds a route.
         *
         * @throws IllegalStateException if a route already serves one of the methods at the
         *     same path shape; the message names both routes
         */
        public Builder<T> add(Set<Method> methods, PathPattern pattern, T value,
                String description) {
            Node<T> node = root;
            for (PathPattern.Segment segment : pattern.segments()) {
                node = child(node, segment);
            }
            if (node.routes == null) {
                node.routes = new EnumMap<>(Method.class);
            }
            for (Method method : methods) {
                Entry<T> existing = node.routes.get(method);
                if (existing != null) {
                    throw new IllegalStateException("Route " + description + " conflicts with "
                            + existing.description + ": both serve " + method + " "
                            + pattern.template() + (existing.pattern.template()
                                    .equals(pattern.template()) ? ""
                                    : " (as " + existing.pattern.template() + ")"));
                }
                node.routes.put(method, new Entry<>(value, pattern, description));
            }
            maxParams = Math.max(maxParams, pattern.paramCount());
            this.methods.addAll(methods);
            if (methods.contains(Method.GET)) {
                this.methods.add(Method.HEAD);
            }
            return this;
        }

        private Node<T> child(Node<T> node, PathPattern.Segment segment) {
            return switch (segment) {
                case PathPattern.Literal literal -> {
                    if (node.literals == null) {
                        node.literals = new HashMap<>();
                    }
                    yield node.literals.computeIfAbsent(literal.text(), text -> new Node<>());
                }
                case PathPattern.Param param -> {
                    int slot = param.type().ordinal();
                    if (node.params[slot] == null) {
                        node.params[slot] = new Node<>();
                    }
                    yield node.params[slot];
                }
                case PathPattern.CatchAll catchAll -> {
                    if (node.catchAll == null) {
                        node.catchAll = new Node<>();
                    }
                    yield node.catchAll;
                }
            };
        }

        /** Returns the router. */
        public Router<T> build() {
            return new Router<>(root, maxParams,
                    Collections.unmodifiableSet(EnumSet.copyOf(methods)));
        }
    }
}
