package dev.merino.http;

import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP request as the application sees it.
 *
 * <p>The head (method, path, headers, parameters) is immutable; {@code withX} methods return
 * copies that share the body and the attributes, so a filter can hand a changed request on.
 * Reading the body blocks until it has arrived, which is fine on the virtual thread a handler
 * runs on. A request can be built without a server with {@link #builder(Method, String)}.
 */
public final class Request {
    /** The address of a request built without one: loopback, port 0. Immutable, so shared. */
    private static final InetSocketAddress UNKNOWN_ADDRESS = new InetSocketAddress("127.0.0.1", 0);
    /** The mapper of a request built without one; the holder class builds it on first use. */
    private static final Supplier<ObjectMapper> DEFAULT_JSON = () -> DefaultJson.MAPPER;

    private final Method method;
    private final String target;
    private final String path;
    private final String rawQuery;
    private final Headers headers;
    private final PathParams pathParams;
    private final String route;
    private final InetSocketAddress remoteAddress;
    private final RequestBody body;
    private final Supplier<? extends ObjectMapper> json;
    private final Map<String, Object> attributes;
    private Parameters query;
    private Map<String, String> cookies;

    private Request(Builder b) {
        this.method = b.method;
        this.target = b.target;
        int q = b.target.indexOf('?');
        String rawPath = q < 0 ? b.target : b.target.substring(0, q);
        // '+' is a plus in a path; only forms and query strings use it for a space.
        this.path = b.path != null ? b.path
                : PercentDecoder.decode(rawPath, StandardCharsets.UTF_8, false);
        this.rawQuery = q < 0 ? null : b.target.substring(q + 1);
        this.headers = b.headers;
        this.pathParams = b.pathParams;
        this.route = b.route;
        this.remoteAddress = b.remoteAddress;
        this.body = b.body;
        this.json = b.json != null ? b.json : DEFAULT_JSON;
        this.attributes = b.attributes != null ? b.attributes : new ConcurrentHashMap<>();
    }

    /** Returns a builder for a request with the given method and target ({@code /path?query}). */
    public static Builder builder(Method method, String target) {
        return new Builder(method, target);
    }

    /** Returns the method. A HEAD request served by a GET route still reports HEAD. */
    public Method method() {
        return method;
    }

    /** Returns the request target as received: the path and query, percent-encoded. */
    public String target() {
        return target;
    }

    /** Returns the path, percent-decoded, without the query. */
    public String path() {
        return path;
    }

    /** Returns the raw query string after {@code ?}, or {@code null} when there is none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** Returns the decoded query parameters. */
    public Parameters query() {
        Parameters parsed = query;
        if (parsed == null) {
            parsed = rawQuery == null || rawQuery.isEmpty() ? Parameters.empty()
                    : decodeForm(rawQuery, StandardCharsets.UTF_8, "query string");
            query = parsed;
        }
        return parsed;
    }

    /** Returns the first value of the named query parameter, if present. */
    public Optional<String> queryParam(String name) {
        return query().first(name);
    }

    /** Returns the headers. */
    public Headers headers() {
        return headers;
    }

    /** Returns the first value of the named header, if present. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /**
     * Returns the decoded value of a path parameter of the matched route.
     *
     * @throws IllegalArgumentException if the route has no parameter of that name
     */
    public String pathParam(String name) {
        return pathParams.raw(name);
    }

    /**
     * Returns a path parameter as the type its template declares: {@code Integer} for
     * {@code {id:int}} (or {@code int.class}), {@code Long} for {@code long} (or
     * {@code long.class}), {@code UUID} for {@code uuid}, {@code String} otherwise.
     *
     * @throws IllegalArgumentException if the route has no parameter of that name or it has
     *     another type
     */
    public <T> T pathParam(String name, Class<T> type) {
        return pathParams.typed(name, type);
    }

    /** Returns the path parameters as decoded strings, in template order. */
    public Map<String, String> pathParams() {
        return pathParams.asMap();
    }

    /** Returns the template of the matched route, such as {@code /users/{id:int}}, if any. */
    public Optional<String> route() {
        return Optional.ofNullable(route);
    }

    /** Returns the cookies sent by the client, by name; the first wins when a name repeats. */
    public Map<String, String> cookies() {
        Map<String, String> parsed = cookies;
        if (parsed == null) {
            parsed = parseCookies();
            cookies = parsed;
        }
        return parsed;
    }

    /** Returns the value of the named cookie, if the client sent it. */
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies().get(name));
    }

    /** Returns the address of the client (of the peer, behind a proxy). */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Returns the media type from {@code Content-Type}, if present and well-formed. */
    public Optional<MediaType> contentType() {
        String value = headers.firstOrNull("Content-Type");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MediaType.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Returns the body; may block until it arrives. */
    public byte[] body() {
        return body.bytes();
    }

    /** Returns the body as a stream that reads it as it arrives; call once. */
    public InputStream bodyStream() {
        return body.stream();
    }

    /** Returns the raw body object, to read the declared length or stream it. */
    public RequestBody rawBody() {
        return body;
    }

    /** Returns the body as text in the charset of {@code Content-Type}, UTF-8 by default. */
    public String text() {
        Charset charset = contentType().map(MediaType::charsetOrUtf8)
                .orElse(StandardCharsets.UTF_8);
        return new String(body(), charset);
    }

    /**
     * Reads the JSON body into the given type.
     *
     * @throws UnsupportedMediaType if {@code Content-Type} is present and not JSON
     * @throws BadRequest if the body is not valid JSON or does not fit the type; the detail
     *     gives the line and column
     */
    public <T> T json(Class<T> type) {
        return readJson(json.get().constructType(type));
    }

    /** Reads the JSON body into a generic type such as {@code List<User>}. */
    public <T> T json(TypeReference<T> type) {
        return readJson(json.get().constructType(type));
    }

    private <T> T readJson(JavaType type) {
        // A Content-Type that does not parse is not JSON either; only its absence is tolerated.
        Optional<MediaType> contentType = contentType();
        if (headers.contains("Content-Type")
                && (contentType.isEmpty() || !contentType.get().isJson())) {
            throw new UnsupportedMediaType("Expected a JSON body (application/json).");
        }
        byte[] content = body();
        if (content.length == 0) {
            throw new BadRequest("Expected a JSON body; the request has none.");
        }
        try {
            return json.get().readValue(content, type);
        } catch (DatabindException e) {
            throw new BadRequest("The JSON body does not match the expected shape"
                    + describe(e.getLocation()) + pathOf(e) + ".", e);
        } catch (JacksonException e) {
            throw new BadRequest("The body is not valid JSON" + describe(e.getLocation()) + ".",
                    e);
        }
    }

    private static String describe(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String pathOf(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append('.').append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " at $" + path;
    }

    /**
     * Returns the urlencoded form body.
     *
     * @throws UnsupportedMediaType if the body is not {@code application/x-www-form-urlencoded}
     * @throws BadRequest if the body is malformed
     */
    public Parameters form() {
        Optional<MediaType> contentType = contentType();
        if (contentType.isEmpty() || !contentType.get().matches(MediaType.FORM_URLENCODED)) {
            throw new UnsupportedMediaType(
                    "Expected a form body (application/x-www-form-urlencoded).");
        }
        Charset charset = contentType.get().charsetOrUtf8();
        return decodeForm(new String(body(), charset), charset, "form body");
    }

    private static Parameters decodeForm(String encoded, Charset charset, String what) {
        try {
            return Parameters.parse(encoded, charset);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("The " + what + " has a malformed percent-encoding.", e);
        }
    }

    private Map<String, String> parseCookies() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String header : headers.all("Cookie")) {
            for (var cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
                result.putIfAbsent(cookie.name(), cookie.value());
            }
        }
        return result.isEmpty() ? Map.of() : Collections.unmodifiableMap(result);
    }

    /**
     * Returns the attributes: per-request values that filters and handlers share. The map is
     * shared by the copies {@code withX} makes and is safe to use from several threads.
     */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Returns the attribute of the given name cast to its type, if set. */
    public <T> Optional<T> attribute(String name, Class<T> type) {
        return Optional.ofNullable(attributes.get(name)).map(type::cast);
    }

    /** Returns a copy with other headers. */
    public Request withHeaders(Headers headers) {
        return toBuilder().headers(headers).build();
    }

    /** Returns a copy with one header set (replacing any lines of that name). */
    public Request withHeader(String name, String value) {
        return withHeaders(headers.toBuilder().set(name, value).build());
    }

    /** Returns a builder that starts from this request. */
    public Builder toBuilder() {
        Builder b = new Builder(method, target);
        b.path = path;
        b.headers = headers;
        b.pathParams = pathParams;
        b.route = route;
        b.remoteAddress = remoteAddress;
        b.body = body;
        b.json = json;
        b.attributes = attributes;
        return b;
    }

    @Override
    public String toString() {
        // No query, headers or body: they may carry secrets.
        return "Request[" + method + " " + path + "]";
    }

    /** Builds a {@link Request}. */
    public static final class Builder {
        private final Method method;
        private final String target;
        private String path;
        private Headers headers = Headers.empty();
        private PathParams pathParams = PathParams.NONE;
        private String route;
        private InetSocketAddress remoteAddress = UNKNOWN_ADDRESS;
        private RequestBody body = RequestBody.empty();
        private Supplier<? extends ObjectMapper> json;
        private Map<String, Object> attributes;

        private Builder(Method method, String target) {
            if (!target.startsWith("/") && !target.equals("*")) {
                throw new IllegalArgumentException("target: '" + target
                        + "' (expected a path starting with '/')");
            }
            this.method = method;
            this.target = target;
        }

        /** Sets the headers. */
        public Builder headers(Headers headers) {
            this.headers = headers;
            return this;
        }

        /** Sets the decoded path, when the caller has decoded and checked it already. */
        public Builder decodedPath(String path) {
            this.path = path;
            return this;
        }

        /** Sets the path parameters and the matched route template. */
        public Builder pathParams(PathParams pathParams, String route) {
            this.pathParams = pathParams;
            this.route = route;
            return this;
        }

        /** Sets the client address. */
        public Builder remoteAddress(InetSocketAddress remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        /** Sets the body. */
        public Builder body(RequestBody body) {
            this.body = body;
            return this;
        }

        /** Sets the body to these bytes. */
        public Builder body(byte[] body) {
            return body(RequestBody.of(body));
        }

        /** Sets the mapper that {@link Request#json(Class)} uses; null for Jackson's defaults. */
        public Builder json(ObjectMapper json) {
            this.json = json == null ? null : () -> json;
            return this;
        }

        /**
         * Sets where {@link Request#json(Class)} gets its mapper: asked only when the body is
         * read as JSON, so a mapper built on first use is not built for a request that reads
         * none. Null for Jackson's defaults.
         */
        public Builder json(Supplier<? extends ObjectMapper> json) {
            this.json = json;
            return this;
        }

        /** Builds the request. */
        public Request build() {
            return new Request(this);
        }
    }

    /**
     * The mapper of requests built without one (in tests, say), made on first use: building a
     * Jackson mapper costs a noticeable part of a server's start, which brings its own.
     */
    private static final class DefaultJson {
        static final ObjectMapper MAPPER = JsonMapper.builder().build();
    }
}
