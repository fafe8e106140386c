package dev.merino.benchmarks.jmh;

import dev.merino.Filter;
import dev.merino.Handler;
import dev.merino.RouteDefinition;
import dev.merino.RouteOptions;
import dev.merino.ServerConfig;
import dev.merino.benchmarks.Payloads;
import dev.merino.benchmarks.Payloads.Message;
import dev.merino.http.Headers;
import dev.merino.http.Method;
import dev.merino.http.Request;
import dev.merino.http.RequestBody;
import dev.merino.http.Response;
import dev.merino.internal.app.Application;
import dev.merino.internal.app.CompiledRoute;
import dev.merino.internal.app.LazyMapper;
import dev.merino.internal.routing.Router;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the application adds around a handler, per request, as the transport calls it: build
 * the {@link Request} (as the exchange does), run the filter chain (0 or 3 pass-through
 * filters) and the handler, and convert its return value into a {@link Response}. The
 * {@code direct*} benchmarks call the handler alone, for the difference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HandlerInvocationBenchmark {
    @Param({"0", "3"})
    int filters;

    private final Handler plaintext = request -> Payloads.HELLO;
    private final Handler json = request -> new Message(Payloads.HELLO);
    private final Handler user = request -> Payloads.user(
            request.pathParam("id", Integer.class), request.queryParam("fields").orElse(null));
    private final InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);
    private final RequestBody empty = RequestBody.empty();
    private Application application;
    private Router.Result<CompiledRoute> plaintextRoute;
    private Router.Result<CompiledRoute> jsonRoute;
    private Router.Result<CompiledRoute> userRoute;

    @Setup
    public void build() {
        List<Filter> chain = new ArrayList<>();
        for (int i = 0; i < filters; i++) {
            chain.add((request, next) -> next.next(request));
        }
        List<RouteDefinition> routes = List.of(
                route("/plaintext", plaintext), route("/json", json),
                route("/users/{id:int}", user));
        application = new Application(ServerConfig.defaults(), routes, chain, Map.of(),
                Map.of(), LazyMapper.of(JsonMapper.builder().build()));
        plaintextRoute = application.match(Method.GET, new String[] {"plaintext"});
        jsonRoute = application.match(Method.GET, new String[] {"json"});
        userRoute = application.match(Method.GET, new String[] {"users", "42"});
    }

    private static RouteDefinition route(String path, Handler handler) {
        return new RouteDefinition(EnumSet.of(Method.GET), path, RouteOptions.defaults(),
                handler, List.of());
    }

    @Benchmark
    public Response plaintext() {
        return application.handle(request("/plaintext", "/plaintext", plaintextRoute),
                plaintextRoute);
    }

    @Benchmark
    public Response json() {
        return application.handle(request("/json", "/json", jsonRoute), jsonRoute);
    }

    @Benchmark
    public Response userWithQuery() {
        return application.handle(request("/users/42?fields=id,name", "/users/42", userRoute),
                userRoute);
    }

    @Benchmark
    public Object directPlaintext() throws Exception {
        return plaintext.handle(request("/plaintext", "/plaintext", plaintextRoute));
    }

    @Benchmark
    public Object directUserWithQuery() throws Exception {
        return user.handle(request("/users/42?fields=id,name", "/users/42", userRoute));
    }

    /** Builds the request the way the transport's exchange does. */
    private Request request(String target, String path, Router.Result<CompiledRoute> route) {
        Router.Found<CompiledRoute> found = (Router.Found<CompiledRoute>) route;
        return Request.builder(Method.GET, target)
                .decodedPath(path)
                .headers(Headers.empty())
                .pathParams(found.params(), found.pattern().template())
                .remoteAddress(remote)
                .body(empty)
                .build();
    }
}
