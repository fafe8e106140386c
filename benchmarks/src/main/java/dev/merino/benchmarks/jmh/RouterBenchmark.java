package dev.merino.benchmarks.jmh;

import dev.merino.http.Method;
import dev.merino.internal.routing.PathPattern;
import dev.merino.internal.routing.Router;
import java.util.EnumSet;
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

/**
 * Route matching with 10, 100 and 1,000 routes: the cost of a lookup must not grow with the
 * number of routes (target: within 1.5x from 10 to 1,000). The routes come in four shapes,
 * {@code /api/sN/items}, {@code /api/sN/{id:int}}, {@code /api/sN/{id:int}/parts/{part}} and
 * {@code /api/sN/files/{*path}}; each benchmark looks up one of them in the middle of the set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
    @Param({"10", "100", "1000"})
    int routes;

    private Router<String> router;
    private String[] literal;
    private String[] param;
    private String[] twoParams;
    private String[] catchAll;
    private String[] missing;
    private String[] wrongMethod;

    @Setup
    public void build() {
        Router.Builder<String> builder = Router.builder();
        for (int i = 0; i < routes; i++) {
            String template = switch (i % 4) {
                case 0 -> "/api/s" + i + "/items";
                case 1 -> "/api/s" + i + "/{id:int}";
                case 2 -> "/api/s" + i + "/{id:int}/parts/{part}";
                default -> "/api/s" + i + "/files/{*path}";
            };
            builder.add(EnumSet.of(Method.GET), PathPattern.parse(template), template, template);
        }
        router = builder.build();
        int base = routes / 2 / 4 * 4;
        literal = segments("/api/s" + base + "/items");
        param = segments("/api/s" + (base + 1) + "/42");
        twoParams = segments("/api/s" + (base + 2) + "/42/parts/wheel");
        catchAll = segments("/api/s" + (base + 3) + "/files/a/b/c.txt");
        missing = segments("/api/unknown/42");
        wrongMethod = literal;
    }

    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    @Benchmark
    public Object literal() {
        return router.match(Method.GET, literal);
    }

    @Benchmark
    public Object intParam() {
        return router.match(Method.GET, param);
    }

    @Benchmark
    public Object twoParams() {
        return router.match(Method.GET, twoParams);
    }

    @Benchmark
    public Object catchAll() {
        return router.match(Method.GET, catchAll);
    }

    @Benchmark
    public Object notFound() {
        return router.match(Method.GET, missing);
    }

    @Benchmark
    public Object methodNotAllowed() {
        return router.match(Method.POST, wrongMethod);
    }
}
