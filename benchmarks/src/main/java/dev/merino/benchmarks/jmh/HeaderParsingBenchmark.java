package dev.merino.benchmarks.jmh;

import dev.merino.http.Method;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
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
 * Decoding a request head with Netty's decoder configured as Merino configures it (limits of
 * 8 KiB and 16 KiB; header validation on, as Merino leaves it, or off, as the raw baseline
 * sets it), for wrk's two-header request and for a browser-like one; then the header lookups
 * the transport makes for every request (framing, Host, Expect, keep-alive, method).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeaderParsingBenchmark {
    private static final String WRK = "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:18081\r\n\r\n";
    private static final String BROWSER = "GET /users/42?fields=id,name HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=4f2a9c1e8b7d6a5f; theme=dark\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Priority: u=0, i\r\n\r\n";

    @Param({"wrk", "browser"})
    String request;
    @Param({"true", "false"})
    boolean validate;

    private EmbeddedChannel channel;
    private ByteBuf bytes;

    @Setup
    public void setUp() {
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setMaxInitialLineLength(8 * 1024)
                .setMaxHeaderSize(16 * 1024)
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(validate);
        channel = new EmbeddedChannel(new HttpRequestDecoder(config));
        String text = request.equals("wrk") ? WRK : BROWSER;
        bytes = Unpooled.unreleasableBuffer(Unpooled.directBuffer()
                .writeBytes(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public Object decode() {
        return decodeHead();
    }

    @Benchmark
    public Object decodeAndInspect() {
        HttpRequest head = decodeHead();
        HttpHeaders headers = head.headers();
        boolean framed = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING).isEmpty()
                && headers.getAll(HttpHeaderNames.HOST).size() == 1
                && headers.get(HttpHeaderNames.EXPECT) == null
                && HttpUtil.getContentLength(head, -1L) <= 0
                && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                && HttpUtil.isKeepAlive(head);
        return framed ? Method.lookup(head.method().name()) : null;
    }

    private HttpRequest decodeHead() {
        channel.writeInbound(bytes.duplicate());
        HttpRequest head = channel.readInbound();
        ReferenceCountUtil.release(channel.readInbound());
        return head;
    }
}
