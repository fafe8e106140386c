package dev.merino.benchmarks.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a server WebSocket text frame: the path of {@code WebSocket.send(String)} (encode
 * the string as UTF-8 into a pooled buffer, wrap it in a frame, run the unmasked frame
 * encoder), against re-sending a frame whose payload is already encoded, as the raw Netty echo
 * does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WebSocketFrameBenchmark {
    @Param({"32", "1024"})
    int size;

    private EmbeddedChannel channel;
    private String text;
    private ByteBuf encoded;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        char[] chars = new char[size];
        Arrays.fill(chars, 'x');
        text = new String(chars);
        encoded = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size)
                .writeBytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int sendString() {
        channel.writeOutbound(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(),
                text)));
        return drain();
    }

    @Benchmark
    public int sendEncoded() {
        channel.writeOutbound(new TextWebSocketFrame(encoded.duplicate()));
        return drain();
    }

    private int drain() {
        int bytes = 0;
        for (Object out; (out = channel.readOutbound()) != null; ) {
            bytes += ((ByteBuf) out).readableBytes();
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }
}
