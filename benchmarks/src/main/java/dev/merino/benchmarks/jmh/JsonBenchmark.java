package dev.merino.benchmarks.jmh;

import dev.merino.benchmarks.Payloads;
import dev.merino.benchmarks.Payloads.Echo;
import dev.merino.benchmarks.Payloads.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON writing as the transport does it (Jackson into a pooled buffer through
 * {@code ByteBufOutputStream}), against Jackson's own byte array, and reading the echo body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBenchmark {
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final byte[] echo = "{\"id\":1,\"name\":\"Merino\",\"tags\":[\"fast\",\"small\"]}"
            .getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public int messageIntoByteBuf() {
        return intoByteBuf(new Message(Payloads.HELLO));
    }

    @Benchmark
    public byte[] messageAsBytes() {
        return json.writeValueAsBytes(new Message(Payloads.HELLO));
    }

    @Benchmark
    public int userIntoByteBuf() {
        return intoByteBuf(Payloads.user(42, "id,name"));
    }

    @Benchmark
    public Echo readEcho() {
        return json.readValue(echo, Echo.class);
    }

    private int intoByteBuf(Object value) {
        ByteBuf content = alloc.buffer(256);
        try {
            json.writeValue((OutputStream) new ByteBufOutputStream(content), value);
            return content.readableBytes();
        } finally {
            content.release();
        }
    }
}
