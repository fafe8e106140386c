package dev.merino.benchmarks.jmh;

import dev.merino.Handler;
import dev.merino.RouteDefinition;
import dev.merino.binding.FromCookie;
import dev.merino.binding.FromHeader;
import dev.merino.binding.FromPath;
import dev.merino.binding.FromQuery;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.http.Headers;
import dev.merino.http.Method;
import dev.merino.http.PathParams;
import dev.merino.http.Request;
import dev.merino.inject.Services;
import dev.merino.internal.app.LazyMapper;
import dev.merino.internal.binding.ControllerRoutes;
import dev.merino.internal.binding.Converters;
import dev.merino.internal.binding.Preparable;
import dev.merino.internal.inject.Container;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * A controller method with five bound parameters (path, two query, header, cookie) against a
 * hand-written functional handler that reads and converts the same values from the same
 * request. Each operation builds a fresh copy of the request, so the query string and cookies
 * are parsed in both; {@code requestOnly} measures that copy alone, and
 * {@code controllerRequestOnly} a controller method that takes the request and reads it by
 * hand, which separates the fixed cost of a bound route from that of binding the parameters.
 *
 * <p>Run: {@code benchmarks/jmh.sh BindingBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BindingBenchmark {
    private static final String TEMPLATE = "/orders/{id:int}";

    /** The result both handlers return. */
    public record Result(int id, String q, int page, UUID tenant, String session) {
    }

    @Controller("/orders")
    public static final class Orders {
        @Get("/{id:int}")
        public Result find(@FromPath int id, @FromQuery String q, @FromQuery int page,
                @FromHeader("X-Tenant") UUID tenant, @FromCookie String session) {
            return new Result(id, q, page, tenant, session);
        }

        @Get("/{id:int}/manual")
        public Result manual(Request r) {
            return read(r);
        }
    }

    static Result read(Request r) {
        return new Result(Integer.parseInt(r.pathParam("id")), r.query().firstOrNull("q"),
                Integer.parseInt(r.query().firstOrNull("page")),
                UUID.fromString(r.headers().firstOrNull("X-Tenant")), r.cookies().get("session"));
    }

    private Request request;
    private Handler bound;
    private Handler functional;
    private Handler boundRequestOnly;

    @Setup
    public void setUp() {
        request = Request.builder(Method.GET, "/orders/42?q=shoes&page=3")
                .headers(Headers.builder()
                        .add("X-Tenant", "123e4567-e89b-12d3-a456-426614174000")
                        .add("Cookie", "session=abc123; theme=dark").build())
                .pathParams(PathParams.of(new String[] {"id"}, new String[] {"42"},
                        new Object[] {42}), TEMPLATE)
                .build();
        Container container = Container.build(new Services());
        dev.merino.internal.binding.Setup setup = new dev.merino.internal.binding.Setup(
                container, new Converters(Map.of()), LazyMapper.of(JsonMapper.builder().build()),
                null, dev.merino.binding.UploadLimits.defaults());
        RouteDefinition route = ControllerRoutes.declare(Orders.class, (a, b) -> a + b,
                java.util.List.of()).get(0);
        bound = ((Preparable) route.handler()).prepare(setup, route.path());
        RouteDefinition manual = ControllerRoutes.declare(Orders.class, (a, b) -> a + b,
                java.util.List.of()).get(1);
        boundRequestOnly = ((Preparable) manual.handler()).prepare(setup, manual.path());
        functional = BindingBenchmark::read;
    }

    @Benchmark
    public Object requestOnly() {
        return request.toBuilder().build();
    }

    @Benchmark
    public Object functionalHandler() throws Exception {
        return functional.handle(request.toBuilder().build());
    }

    /** The fixed cost of a controller route: a method that takes the request and reads it. */
    @Benchmark
    public Object controllerRequestOnly() throws Exception {
        return boundRequestOnly.handle(request.toBuilder().build());
    }

    @Benchmark
    public Object controllerMethod() throws Exception {
        return bound.handle(request.toBuilder().build());
    }
}
