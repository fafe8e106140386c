package dev.merino.websocket;

import static dev.merino.testing.RawWebSocket.BINARY;
import static dev.merino.testing.RawWebSocket.CLOSE;
import static dev.merino.testing.RawWebSocket.CONTINUATION;
import static dev.merino.testing.RawWebSocket.PING;
import static dev.merino.testing.RawWebSocket.PONG;
import static dev.merino.testing.RawWebSocket.RSV1;
import static dev.merino.testing.RawWebSocket.RSV2;
import static dev.merino.testing.RawWebSocket.RSV3;
import static dev.merino.testing.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.merino.testing.JdkWebSocket;
import dev.merino.testing.JdkWebSocket.Closed;
import dev.merino.testing.RawWebSocket;
import dev.merino.testing.RawWebSocket.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session phase (DESIGN.md section 4, second table), for what the peer sends: invalid
 * UTF-8 (1007), messages over the limit (1009), protocol violations (1002) and binary to a
 * text-only endpoint (1003), each answered with exactly one Close frame followed by the end
 * of the connection; and well-formed framing the server must take in its stride.
 */
class WebSocketFramingTest extends SessionTestSupport {
    private static final byte[] INVALID_UTF8 = {'o', 'k', (byte) 0xc3, 0x28};

    /** Sends the frames and returns the one Close the server answered with before closing. */
    private Frame failWith(RawWebSocket socket, Frame... frames) {
        socket.sendTogether(frames);
        return onlyClose(socket.readUntilEof(false));
    }

    private static Frame text(byte[] payload, boolean fin) {
        return Frame.of(TEXT, payload).withFin(fin);
    }

    private static Frame continuation(byte[] payload, boolean fin) {
        return Frame.of(CONTINUATION, payload).withFin(fin);
    }

    // Invalid UTF-8: 1007.

    @Test
    void invalidUtf8InTextCloses1007() {
        int mark = logMark();
        app.ws("/chat", SessionTestSupport::echo);
        start();

        Frame close = failWith(raw("/chat"), Frame.of(TEXT, INVALID_UTF8));

        assertThat(close.closeCode()).isEqualTo(1007);
        assertThat(logged(mark, Level.WARN)).isEmpty();
        assertThat(logged(mark, Level.ERROR)).isEmpty();
    }

    @Test
    void invalidUtf8AcrossFragmentsCloses1007() {
        app.ws("/chat", SessionTestSupport::echo);
        start();

        // "€" is E2 82 AC: cut after E2 82 and continued with a byte that cannot follow.
        Frame close = failWith(raw("/chat"), text(new byte[] {'a', (byte) 0xe2, (byte) 0x82},
                false), continuation(new byte[] {0x28}, true));

        assertThat(close.closeCode()).isEqualTo(1007);
    }

    @Test
    void validUtf8CharacterSplitAcrossFragmentsIsDelivered() {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");

        socket.sendTogether(text(new byte[] {'a', (byte) 0xe2, (byte) 0x82}, false),
                continuation(new byte[] {(byte) 0xac, 'b'}, true));

        assertThat(socket.readFrame().text()).isEqualTo("a€b");
    }

    /**
     * RFC 6455 section 8.1 fails the connection as soon as the bytes cannot be UTF-8, without
     * waiting for the end of the message. Fails for now: text is decoded only once its message
     * is complete, and checking it fragment by fragment comes with the new frame decoder.
     */
    @Test
    void invalidUtf8InFirstFragmentFailsWithoutWaitingForTheRest() {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");

        socket.send(text(INVALID_UTF8, false));
        Frame close = socket.readFrame(Duration.ofSeconds(2));

        assertThat(close).isNotNull();
        assertThat(close.closeCode()).isEqualTo(1007);
    }

    @Test
    void invalidUtf8InCloseReasonCloses1007() {
        app.ws("/chat", SessionTestSupport::echo);
        start();

        Frame close = failWith(raw("/chat"), Frame.close(1000, INVALID_UTF8));

        assertThat(close.closeCode()).isEqualTo(1007);
    }

    // Messages over the limit: 1009.

    private void limitedEcho() {
        app.ws("/chat", WebSocketOptions.defaults().withMaxMessageSize(1024),
                SessionTestSupport::echo);
        start();
    }

    @Test
    void messageOverTheLimitCloses1009() {
        limitedEcho();

        Frame close = failWith(raw("/chat"), Frame.binary(new byte[1025]));

        assertClose(close, 1009, "Message larger than 1024 bytes");
    }

    @Test
    void fragmentedMessageOverTheLimitCloses1009() {
        limitedEcho();

        Frame close = failWith(raw("/chat"), Frame.binary(new byte[600]).withFin(false),
                continuation(new byte[425], true));

        assertClose(close, 1009, "Message larger than 1024 bytes");
    }

    @Test
    void messageAtTheLimitIsDelivered() {
        limitedEcho();
        RawWebSocket socket = raw("/chat");

        socket.sendTogether(Frame.binary(new byte[600]).withFin(false),
                continuation(new byte[424], true));

        Frame echo = socket.readFrame();
        assertThat(echo.opcode()).isEqualTo(BINARY);
        assertThat(echo.payload()).hasSize(1024);
    }

    @Test
    void jdkClientSendingTooMuchSees1009() {
        limitedEcho();

        JdkWebSocket client = jdk("/chat").send("x".repeat(2000));

        assertThat(client.awaitClose()).isEqualTo(new Closed(1009,
                "Message larger than 1024 bytes"));
    }

    // Protocol violations: 1002.

    static Stream<Arguments> violations() {
        byte[] hi = "hi".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("unmasked frame", List.of(Frame.text("hi").unmasked())),
                Arguments.of("RSV1 with no extension", List.of(Frame.text("hi").withRsv(RSV1))),
                Arguments.of("RSV2", List.of(Frame.text("hi").withRsv(RSV2))),
                Arguments.of("RSV3", List.of(Frame.text("hi").withRsv(RSV3))),
                Arguments.of("RSV on a Ping", List.of(Frame.of(PING, hi).withRsv(RSV3))),
                Arguments.of("data opcode 3", List.of(Frame.of(0x3, hi))),
                Arguments.of("data opcode 7", List.of(Frame.of(0x7, hi))),
                Arguments.of("control opcode 11", List.of(Frame.of(0xb, hi))),
                Arguments.of("control opcode 15", List.of(Frame.of(0xf, hi))),
                Arguments.of("fragmented Ping", List.of(Frame.of(PING, hi).withFin(false))),
                Arguments.of("fragmented Close",
                        List.of(Frame.close(1000, "").withFin(false))),
                Arguments.of("Ping of 126 bytes", List.of(Frame.of(PING, new byte[126]))),
                Arguments.of("Pong of 126 bytes", List.of(Frame.of(PONG, new byte[126]))),
                Arguments.of("continuation with no message",
                        List.of(continuation(hi, true))),
                Arguments.of("text inside a fragmented message",
                        List.of(text(hi, false), Frame.text("hi"))),
                Arguments.of("binary inside a fragmented message",
                        List.of(text(hi, false), Frame.binary(hi))),
                Arguments.of("Close with a one-byte payload",
                        List.of(Frame.of(CLOSE, new byte[] {0x03}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void protocolViolationCloses1002(String name, List<Frame> frames) {
        int mark = logMark();
        app.ws("/chat", SessionTestSupport::echo);
        start();

        Frame close = failWith(raw("/chat"), frames.toArray(Frame[]::new));

        assertThat(close.closeCode()).isEqualTo(1002);
        assertThat(logged(mark, Level.WARN)).isEmpty();
        assertThat(logged(mark, Level.ERROR)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 32768, 65535})
    void closeWithAnInvalidCodeCloses1002(int code) {
        app.ws("/chat", SessionTestSupport::echo);
        start();

        Frame close = failWith(raw("/chat"), Frame.close(code, ""));

        assertThat(close.closeCode()).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999})
    void closeWithAValidCodeIsEchoed(int code) {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");

        Frame close = failWith(socket, Frame.close(code, "bye"));

        assertThat(close.closeCode()).isEqualTo(code);
    }

    @Test
    void emptyCloseIsAnsweredWithAnEmptyClose() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            socket.receive();
            seen.add(socket.closeStatus().orElseThrow().code());
        });
        start();

        Frame close = failWith(raw("/chat"), Frame.of(CLOSE, new byte[0]));

        assertThat(close.payload()).isEmpty();
        assertThat(nextSeen()).isEqualTo(CloseCode.NO_STATUS_RECEIVED);
    }

    @Test
    void dataAfterThePeersCloseIsIgnored() {
        app.ws("/chat", SessionTestSupport::echo);
        start();

        Frame close = failWith(raw("/chat"), Frame.close(1000, ""), Frame.text("late"));

        assertThat(close.closeCode()).isEqualTo(1000);
    }

    // Binary to a text-only endpoint: 1003.

    @Test
    void binaryToTextOnlyEndpointCloses1003() throws Exception {
        app.ws("/chat", WebSocketOptions.defaults().withTextOnly(true), upgrade -> {
            WebSocket socket = upgrade.accept();
            for (WebSocketMessage message : socket) {
                seen.add(message);
            }
            seen.add(socket.closeStatus().orElseThrow().code());
        });
        start();

        Frame close = failWith(raw("/chat"), Frame.text("fine"),
                Frame.binary(new byte[] {1}).withFin(false));
        JdkWebSocket client = jdk("/chat").send(new byte[] {1, 2});

        assertThat(close.closeCode()).isEqualTo(1003);
        assertThat(client.awaitClose().code()).isEqualTo(1003);
        assertThat(List.of(nextSeen(), nextSeen(), nextSeen())).containsExactlyInAnyOrder(
                WebSocketMessage.text("fine"), CloseCode.UNSUPPORTED_DATA,
                CloseCode.UNSUPPORTED_DATA);
    }

    // Well-formed framing.

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536, 200_000})
    void receivesEveryPayloadLengthEncoding(int length) {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) i;
        }

        socket.send(Frame.binary(payload));

        Frame echo = socket.readFrame();
        assertThat(echo.opcode()).isEqualTo(BINARY);
        assertThat(echo.payload()).isEqualTo(payload);
    }

    @Test
    void frameSplitAcrossWritesIsReassembled() {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");

        socket.sendSplit(Frame.text("one byte at a time"), 1);
        socket.sendSplit(Frame.binary(new byte[300]), 7);

        assertThat(socket.readFrame().text()).isEqualTo("one byte at a time");
        assertThat(socket.readFrame().payload()).hasSize(300);
    }

    @Test
    void framesInOneWriteAreEachDelivered() {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");

        socket.sendTogether(Frame.text("one"), Frame.text("two"), Frame.text("three"));

        assertThat(List.of(socket.readFrame().text(), socket.readFrame().text(),
                socket.readFrame().text())).containsExactly("one", "two", "three");
    }

    @Test
    void pingIsAnsweredWithPongEvenInsideAFragmentedMessage() {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");
        byte[] data = {1, 2, 3};

        socket.sendTogether(text("frag".getBytes(StandardCharsets.UTF_8), false),
                Frame.of(PING, data), continuation("mented".getBytes(StandardCharsets.UTF_8),
                        true));

        Frame pong = socket.readFrame();
        assertThat(pong.opcode()).isEqualTo(PONG);
        assertThat(pong.payload()).isEqualTo(data);
        assertThat(socket.readFrame().text()).isEqualTo("fragmented");
    }

    @Test
    void unsolicitedPongIsIgnored() {
        app.ws("/chat", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");

        socket.sendTogether(Frame.of(PONG, new byte[] {9}), Frame.text("after the pong"));

        assertThat(socket.readFrame().text()).isEqualTo("after the pong");
    }

    @Test
    void protocolViolationAfterTheServersCloseEndsTheConnectionAtOnce() {
        app.ws("/bye", WebSocketOptions.defaults().withCloseTimeout(Duration.ofSeconds(10)),
                upgrade -> upgrade.accept().close(CloseCode.NORMAL, "bye"));
        start();
        RawWebSocket socket = raw("/bye");
        assertClose(socket.readFrame(), 1000, "bye");
        long sent = System.nanoTime();

        socket.send(Frame.text("not masked").unmasked());
        List<Frame> after = socket.readUntilEof(false);

        assertThat(after).as("nothing after the one Close").isEmpty();
        assertThat(Duration.ofNanos(socket.eofNanos() - sent))
                .as("closed on the violation, not at the 10 s close timeout")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void messagesBeforeAViolationAreAnsweredBeforeThe1002() {
        app.ws("/echo", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/echo");

        socket.sendTogether(Frame.text("first"), Frame.text("second"),
                Frame.text("broken").unmasked(), Frame.text("never read"));
        List<Frame> frames = socket.readUntilEof(false);

        assertThat(frames).extracting(Frame::opcode).containsExactly(RawWebSocket.TEXT,
                RawWebSocket.TEXT, RawWebSocket.CLOSE);
        assertThat(frames.get(0).text()).isEqualTo("first");
        assertThat(frames.get(1).text()).isEqualTo("second");
        assertThat(frames.get(2).closeCode()).isEqualTo(1002);
    }

    @Test
    void aHandlerThatDoesNotReadDelaysTheFailureOnlyBriefly() {
        app.ws("/busy", upgrade -> {
            upgrade.accept();
            Thread.sleep(4000);
        });
        start();
        RawWebSocket socket = raw("/busy");
        long sent = System.nanoTime();

        socket.sendTogether(Frame.text("queued"), Frame.text("broken").unmasked());
        Frame close = socket.readFrame();

        assertThat(close.closeCode()).isEqualTo(1002);
        assertThat(Duration.ofNanos(System.nanoTime() - sent))
                .as("the Close waits for the handler at most a bounded time, not until it returns")
                .isLessThan(Duration.ofMillis(3000));
    }

    @Test
    void messagesBeforeThePeersCloseAreAnsweredBeforeItsEcho() {
        app.ws("/echo", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/echo");
        Frame[] burst = new Frame[51];
        for (int i = 0; i < 50; i++) {
            burst[i] = Frame.text("m" + i);
        }
        burst[50] = Frame.close(4100, "done");

        socket.sendTogether(burst);
        List<Frame> frames = socket.readUntilEof(false);

        assertThat(frames).hasSize(51);
        for (int i = 0; i < 50; i++) {
            assertThat(frames.get(i).text()).isEqualTo("m" + i);
        }
        assertClose(frames.get(50), 4100, "");
    }

    @Test
    void nothingSentAfterThePeersCloseIsAnswered() {
        app.ws("/echo", SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/echo");

        socket.sendTogether(Frame.close(1000, ""), Frame.of(RawWebSocket.PING, new byte[] {1}),
                Frame.text("late"));
        List<Frame> frames = socket.readUntilEof(false);

        assertThat(frames).extracting(Frame::opcode).containsExactly(RawWebSocket.CLOSE);
        assertThat(frames.get(0).closeCode()).isEqualTo(1000);
    }
}
