package dev.merino.benchmarks.jmh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
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

/**
 * How a bound handler calls the controller method once its arguments are in an
 * {@code Object[]}: the spread method handle Merino keeps in a (non-constant) field, against
 * reflection and a direct call. Run like {@link BindingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InvokerBenchmark {

    /** A controller-like target of five parameters. */
    public static final class Target {
        public Object find(int id, String q, int page, Object tenant, String session) {
            return q;
        }
    }

    private final Target target = new Target();
    private Object[] arguments;
    private MethodHandle spread;
    private Method reflected;

    @Setup
    public void setUp() throws Exception {
        arguments = new Object[] {42, "shoes", 3, "tenant", "session"};
        reflected = Target.class.getMethod("find", int.class, String.class, int.class,
                Object.class, String.class);
        spread = MethodHandles.lookup().unreflect(reflected).bindTo(target)
                .asSpreader(Object[].class, 5)
                .asType(MethodType.methodType(Object.class, Object[].class));
    }

    @Benchmark
    public Object direct() {
        Object[] a = arguments;
        return target.find((Integer) a[0], (String) a[1], (Integer) a[2], a[3], (String) a[4]);
    }

    @Benchmark
    public Object methodHandle() throws Throwable {
        return (Object) spread.invokeExact(arguments);
    }

    @Benchmark
    public Object reflection() throws Exception {
        return reflected.invoke(target, arguments);
    }
}
