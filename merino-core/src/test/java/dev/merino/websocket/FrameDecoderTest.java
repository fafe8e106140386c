package dev.merino.websocket;

import static dev.merino.websocket.ClientFrame.utf8;
import static io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.INVALID_PAYLOAD_DATA;
import static io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.MESSAGE_TOO_BIG;
import static io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.PROTOCOL_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.merino.internal.websocket.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {
    private static final int MAX = 1024;
    private static final int RSV1 = 0b100;

    private final RecordingAllocator allocator = new RecordingAllocator();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void releasesEveryBufferTheDecoderAllocated() {
        int unread = 0;
        int written = 0;
        for (EmbeddedChannel channel : channels) {
            unread += channel.inboundMessages().size();
            written += channel.outboundMessages().size();
            channel.finishAndReleaseAll();
        }

        assertThat(unread).as("frames a test left unread").isZero();
        assertThat(written).as("messages the decoder wrote").isZero();
        assertThat(allocator.unreleased()).isEmpty();
    }

    // Each frame type, with FIN and RSV as received.

    @Test
    void decodesMaskedTextFrameWithItsPayloadUnmasked() {
        EmbeddedChannel channel = channel(MAX, false);

        channel.writeInbound(ClientFrame.text("Hello, κόσμε").buf());

        assertThat(next(channel)).isEqualTo(
                new Decoded(TextWebSocketFrame.class, true, 0, utf8("Hello, κόσμε")));
    }

    @Test
    void decodesEachFrameType() {
        EmbeddedChannel channel = channel(MAX, false);

        write(channel, ClientFrame.binary(new byte[] {0, 1, (byte) 0xFF}).bytes(),
                ClientFrame.ping("are you there").bytes(), ClientFrame.pong("yes").bytes(),
                ClientFrame.text("start").notFinal().bytes(),
                ClientFrame.continuation("end").bytes(),
                ClientFrame.close(1000, "bye").bytes());

        assertThat(next(channel)).isEqualTo(
                new Decoded(BinaryWebSocketFrame.class, true, 0, new byte[] {0, 1, (byte) 0xFF}));
        assertThat(next(channel)).isEqualTo(
                new Decoded(PingWebSocketFrame.class, true, 0, utf8("are you there")));
        assertThat(next(channel)).isEqualTo(
                new Decoded(PongWebSocketFrame.class, true, 0, utf8("yes")));
        assertThat(next(channel)).isEqualTo(
                new Decoded(TextWebSocketFrame.class, false, 0, utf8("start")));
        assertThat(next(channel)).isEqualTo(
                new Decoded(ContinuationWebSocketFrame.class, true, 0, utf8("end")));
        CloseWebSocketFrame close = channel.readInbound();
        try {
            assertThat(close.statusCode()).isEqualTo(1000);
            assertThat(close.reasonText()).isEqualTo("bye");
        } finally {
            close.release();
        }
    }

    @Test
    void decodesEmptyFramesOfEveryType() {
        EmbeddedChannel channel = channel(MAX, false);

        write(channel, ClientFrame.text("").bytes(), ClientFrame.binary(new byte[0]).bytes(),
                ClientFrame.ping("").bytes(), ClientFrame.pong("").bytes(),
                ClientFrame.close(new byte[0]).bytes());

        assertThat(next(channel)).isEqualTo(
                new Decoded(TextWebSocketFrame.class, true, 0, new byte[0]));
        assertThat(next(channel).type()).isEqualTo(BinaryWebSocketFrame.class);
        assertThat(next(channel).type()).isEqualTo(PingWebSocketFrame.class);
        assertThat(next(channel).type()).isEqualTo(PongWebSocketFrame.class);
        assertThat(next(channel)).isEqualTo(
                new Decoded(CloseWebSocketFrame.class, true, 0, new byte[0]));
    }

    @Test
    void keepsRsv1OnTheFirstFrameOfACompressedMessageWhenAllowed() {
        EmbeddedChannel channel = channel(MAX, true);

        write(channel, ClientFrame.binary(new byte[] {1, 2}).rsv(RSV1).notFinal().bytes(),
                ClientFrame.continuation(new byte[] {3}).bytes());

        assertThat(next(channel)).isEqualTo(
                new Decoded(BinaryWebSocketFrame.class, false, RSV1, new byte[] {1, 2}));
        assertThat(next(channel)).isEqualTo(
                new Decoded(ContinuationWebSocketFrame.class, true, 0, new byte[] {3}));
    }

    // Fragmentation (RFC 6455 section 5.4).

    @Test
    void decodesFragmentedMessageWithControlFramesBetweenFragments() {
        EmbeddedChannel channel = channel(MAX, false);

        write(channel, ClientFrame.text("one ").notFinal().bytes(), ClientFrame.ping("p").bytes(),
                ClientFrame.continuation("two ").notFinal().bytes(),
                ClientFrame.pong("q").bytes(), ClientFrame.close(1001, "").bytes(),
                ClientFrame.continuation("three").bytes());

        assertThat(next(channel)).isEqualTo(
                new Decoded(TextWebSocketFrame.class, false, 0, utf8("one ")));
        assertThat(next(channel).type()).isEqualTo(PingWebSocketFrame.class);
        assertThat(next(channel)).isEqualTo(
                new Decoded(ContinuationWebSocketFrame.class, false, 0, utf8("two ")));
        assertThat(next(channel).type()).isEqualTo(PongWebSocketFrame.class);
        assertThat(next(channel).type()).isEqualTo(CloseWebSocketFrame.class);
        assertThat(next(channel)).isEqualTo(
                new Decoded(ContinuationWebSocketFrame.class, true, 0, utf8("three")));
    }

    @Test
    void rejectsContinuationWithNoMessageInProgressWith1002() {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.continuation("x").bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    @Test
    void rejectsContinuationAfterTheLastFragmentWith1002() {
        EmbeddedChannel channel = channel(MAX, false);
        write(channel, ClientFrame.text("a").notFinal().bytes(),
                ClientFrame.continuation("b").bytes());
        next(channel);
        next(channel);

        assertThat(failure(channel, ClientFrame.continuation("c").bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {ClientFrame.TEXT, ClientFrame.BINARY})
    void rejectsNewDataFrameWhileAMessageIsInProgressWith1002(int opcode) {
        EmbeddedChannel channel = channel(MAX, false);
        channel.writeInbound(ClientFrame.text("a").notFinal().buf());
        next(channel);

        assertThat(failure(channel, ClientFrame.of(opcode, utf8("b")).bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    // Masking (section 5.3) and splitting across reads.

    @Test
    void rejectsUnmaskedFrameWith1002() {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.text("hi").unmasked().bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    @Test
    void decodesFrameSplitByteByByte() {
        EmbeddedChannel channel = channel(MAX, false);
        String text = "κόσμε €𐍈 ".repeat(20);
        byte[] bytes = ClientFrame.text(text).mask(0xA1B2C3D4).bytes();

        for (int i = 0; i < bytes.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
            assertThat(channel.inboundMessages()).as("after byte %d", i).isEmpty();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, bytes.length - 1, 1));

        assertThat(next(channel)).isEqualTo(
                new Decoded(TextWebSocketFrame.class, true, 0, utf8(text)));
    }

    @Test
    void unmasksPayloadSplitInTwoAtEveryPosition() {
        byte[] payload = new byte[40];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        byte[] bytes = ClientFrame.binary(payload).mask(0x0102FEFF).bytes();

        for (int split = 1; split < bytes.length; split++) {
            EmbeddedChannel channel = channel(MAX, false);

            channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));

            assertThat(next(channel).payload()).as("split at %d", split).isEqualTo(payload);
        }
    }

    @Test
    void decodesSeveralFramesArrivingInOneRead() {
        EmbeddedChannel channel = channel(MAX, false);

        channel.writeInbound(Unpooled.wrappedBuffer(ClientFrame.text("a").bytes(),
                ClientFrame.binary(new byte[] {2}).bytes(), ClientFrame.ping("c").bytes()));

        assertThat(next(channel).type()).isEqualTo(TextWebSocketFrame.class);
        assertThat(next(channel).type()).isEqualTo(BinaryWebSocketFrame.class);
        assertThat(next(channel).type()).isEqualTo(PingWebSocketFrame.class);
    }

    // Payload length (section 5.2).

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000})
    void decodesSevenSixteenAndSixtyFourBitLengths(int length) {
        EmbeddedChannel channel = channel(70_000, false);
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');

        channel.writeInbound(ClientFrame.binary(payload).buf());

        assertThat(next(channel).payload()).isEqualTo(payload);
    }

    @Test
    void acceptsPayloadOfExactlyTheLimit() {
        EmbeddedChannel channel = channel(100, false);

        channel.writeInbound(ClientFrame.binary(new byte[100]).buf());

        assertThat(next(channel).payload()).hasSize(100);
    }

    @Test
    void rejectsPayloadOneOverTheLimitWith1009FromTheHeaderAlone() {
        EmbeddedChannel channel = channel(100, false);
        byte[] header = ClientFrame.binary(new byte[0]).declaredLength(101).bytes();

        assertThat(failure(channel, header).closeStatus()).isEqualTo(MESSAGE_TOO_BIG);
        assertThat(allocator.allocations()).as("nothing buffered for the payload").isZero();
    }

    @Test
    void rejectsSixtyFourBitLengthOverTheLimitBeforeTheMaskArrives() {
        EmbeddedChannel channel = channel(65_536, false);
        byte[] header = ClientFrame.binary(new byte[0]).declaredLength(65_537).bytes();

        Throwable thrown = catchThrowable(
                () -> channel.writeInbound(Unpooled.wrappedBuffer(header, 0, 10)));

        assertThat(thrown).isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                e -> assertThat(e.closeStatus()).isEqualTo(MESSAGE_TOO_BIG));
    }

    @Test
    void rejectsSixtyFourBitLengthWithTheMostSignificantBitSetWith1002() {
        EmbeddedChannel channel = channel(MAX, false);
        byte[] header = ClientFrame.binary(new byte[0]).declaredLength(0x8000_0000_0000_0001L)
                .bytes();

        assertThat(failure(channel, header).closeStatus()).isEqualTo(PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 64})
    void rejectsLengthNotInItsShortestFormWith1002(int bits) {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.text("short").lengthBits(bits).bytes())
                .closeStatus()).isEqualTo(PROTOCOL_ERROR);
    }

    // Reserved bits and opcodes (section 5.2).

    @ParameterizedTest
    @ValueSource(ints = {0b001, 0b010, 0b011, 0b101, 0b110, 0b111})
    void rejectsRsv2OrRsv3With1002EvenWithDeflate(int rsv) {
        EmbeddedChannel channel = channel(MAX, true);

        assertThat(failure(channel, ClientFrame.text("x").rsv(rsv).bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {ClientFrame.TEXT, ClientFrame.BINARY, ClientFrame.PING})
    void rejectsRsv1WithoutDeflateWith1002(int opcode) {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.of(opcode, utf8("x")).rsv(RSV1).bytes())
                .closeStatus()).isEqualTo(PROTOCOL_ERROR);
    }

    @Test
    void rejectsRsv1OnAContinuationFrameWith1002() {
        EmbeddedChannel channel = channel(MAX, true);
        channel.writeInbound(ClientFrame.text("a").rsv(RSV1).notFinal().buf());
        next(channel);

        assertThat(failure(channel, ClientFrame.continuation("b").rsv(RSV1).bytes())
                .closeStatus()).isEqualTo(PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {ClientFrame.CLOSE, ClientFrame.PING, ClientFrame.PONG})
    void rejectsRsv1OnAControlFrameWith1002(int opcode) {
        EmbeddedChannel channel = channel(MAX, true);

        assertThat(failure(channel, ClientFrame.of(opcode, new byte[0]).rsv(RSV1).bytes())
                .closeStatus()).isEqualTo(PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void rejectsReservedOpcodesWith1002(int opcode) {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.of(opcode, new byte[0]).bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    // Control frames (section 5.5).

    @ParameterizedTest
    @ValueSource(ints = {ClientFrame.CLOSE, ClientFrame.PING, ClientFrame.PONG})
    void rejectsFragmentedControlFrameWith1002(int opcode) {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.of(opcode, new byte[0]).notFinal().bytes())
                .closeStatus()).isEqualTo(PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {ClientFrame.CLOSE, ClientFrame.PING, ClientFrame.PONG})
    void rejectsControlFramePayloadOver125BytesWith1002(int opcode) {
        EmbeddedChannel channel = channel(MAX, false);
        byte[] payload = ClientFrame.closePayload(1000, new byte[124]);

        assertThat(failure(channel, ClientFrame.of(opcode, payload).bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    @Test
    void acceptsControlFramePayloadOfExactly125Bytes() {
        EmbeddedChannel channel = channel(MAX, false);

        channel.writeInbound(ClientFrame.of(ClientFrame.PING, new byte[125]).buf());

        assertThat(next(channel).payload()).hasSize(125);
    }

    // Close frames (sections 5.5.1 and 7.4).

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
            3000, 3999, 4000, 4999})
    void acceptsCloseCodesAPeerMaySend(int code) {
        EmbeddedChannel channel = channel(MAX, false);

        channel.writeInbound(ClientFrame.close(code, "").buf());

        CloseWebSocketFrame close = channel.readInbound();
        try {
            assertThat(close.statusCode()).isEqualTo(code);
        } finally {
            close.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
    void rejectsCloseCodesAPeerMayNotSendWith1002(int code) {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.close(code, "").bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    @Test
    void rejectsCloseFrameWithOneBytePayloadWith1002() {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.close(new byte[] {3}).bytes()).closeStatus())
                .isEqualTo(PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "eda080", "cebae1bdb9cf83cebcceb5e282"})
    void rejectsCloseReasonThatIsNotUtf8With1007(String reason) {
        EmbeddedChannel channel = channel(MAX, false);
        byte[] payload = ClientFrame.closePayload(1000, hex(reason));

        assertThat(failure(channel, ClientFrame.close(payload).bytes()).closeStatus())
                .isEqualTo(INVALID_PAYLOAD_DATA);
    }

    @Test
    void checksACloseReasonApartFromTheTextMessageItInterrupts() {
        EmbeddedChannel channel = channel(MAX, false);

        // The message stops inside "€"; the close frame's reason is judged on its own, and the
        // message then goes on where it stopped.
        write(channel, ClientFrame.text(hex("e282")).notFinal().bytes(),
                ClientFrame.close(1000, "κόσμε").bytes(),
                ClientFrame.continuation(hex("ac")).bytes());

        assertThat(next(channel).type()).isEqualTo(TextWebSocketFrame.class);
        assertThat(next(channel).type()).isEqualTo(CloseWebSocketFrame.class);
        assertThat(next(channel).payload()).isEqualTo(hex("ac"));
    }

    // UTF-8 of text messages (section 8.1).

    @Test
    void rejectsTextFrameThatIsNotUtf8With1007() {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.text(hex("48656c6c6feda080")).bytes())
                .closeStatus()).isEqualTo(INVALID_PAYLOAD_DATA);
    }

    @Test
    void failsOnTheChunkWithTheInvalidByteBeforeTheRestOfTheFrameArrives() {
        // Autobahn 6.4.3: one frame whose payload comes in three reads, the second invalid.
        EmbeddedChannel channel = channel(MAX, false);
        byte[] part1 = hex("cebae1bdb9cf83cebcceb5");
        byte[] part2 = hex("f4908080");
        byte[] part3 = hex("656469746564");
        byte[] frame = ClientFrame.text(concat(part1, part2, part3)).bytes();
        int headerLength = 6;
        int firstEnd = headerLength + part1.length;
        int secondEnd = firstEnd + part2.length;

        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, firstEnd));
        Throwable thrown = catchThrowable(() -> channel.writeInbound(
                Unpooled.wrappedBuffer(frame, firstEnd, secondEnd - firstEnd)));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, secondEnd, frame.length - secondEnd));

        assertThat(thrown).isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                e -> assertThat(e.closeStatus()).isEqualTo(INVALID_PAYLOAD_DATA));
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void failsOnTheFragmentWithTheInvalidByteBeforeTheMessageEnds() {
        // Autobahn 6.4.1: the invalid bytes are in the second of three fragments.
        EmbeddedChannel channel = channel(MAX, false);
        channel.writeInbound(ClientFrame.text(hex("cebae1bdb9cf83cebcceb5")).notFinal().buf());
        next(channel);

        assertThat(failure(channel, ClientFrame.continuation(hex("f4908080")).notFinal().bytes())
                .closeStatus()).isEqualTo(INVALID_PAYLOAD_DATA);
    }

    @Test
    void acceptsACharacterSplitAcrossFragmentsWithAPingBetween() {
        EmbeddedChannel channel = channel(MAX, false);

        write(channel, ClientFrame.text(hex("f090")).notFinal().bytes(),
                ClientFrame.ping("").bytes(),
                ClientFrame.continuation(hex("8d")).notFinal().bytes(),
                ClientFrame.continuation(hex("88")).bytes());

        assertThat(next(channel).payload()).isEqualTo(hex("f090"));
        assertThat(next(channel).type()).isEqualTo(PingWebSocketFrame.class);
        assertThat(next(channel).payload()).isEqualTo(hex("8d"));
        assertThat(next(channel).payload()).isEqualTo(hex("88"));
    }

    @Test
    void rejectsACharacterBrokenAcrossFragmentsWith1007() {
        EmbeddedChannel channel = channel(MAX, false);
        channel.writeInbound(ClientFrame.text(hex("e282")).notFinal().buf());
        next(channel);

        assertThat(failure(channel, ClientFrame.continuation("A").bytes()).closeStatus())
                .isEqualTo(INVALID_PAYLOAD_DATA);
    }

    @Test
    void rejectsFinalTextFrameEndingInsideASequenceWith1007() {
        EmbeddedChannel channel = channel(MAX, false);

        assertThat(failure(channel, ClientFrame.text(hex("48e282")).bytes()).closeStatus())
                .isEqualTo(INVALID_PAYLOAD_DATA);
    }

    @Test
    void rejectsEmptyFinalContinuationAfterAnUnfinishedSequenceWith1007() {
        EmbeddedChannel channel = channel(MAX, false);
        channel.writeInbound(ClientFrame.text(hex("c3")).notFinal().buf());
        next(channel);

        assertThat(failure(channel, ClientFrame.continuation(new byte[0]).bytes()).closeStatus())
                .isEqualTo(INVALID_PAYLOAD_DATA);
    }

    @Test
    void leavesCompressedTextUncheckedAndChecksTheNextPlainMessage() {
        EmbeddedChannel channel = channel(MAX, true);

        write(channel, ClientFrame.text(hex("ff00c0")).rsv(RSV1).notFinal().bytes(),
                ClientFrame.continuation(hex("eda080")).bytes());

        assertThat(next(channel)).isEqualTo(
                new Decoded(TextWebSocketFrame.class, false, RSV1, hex("ff00c0")));
        assertThat(next(channel).payload()).isEqualTo(hex("eda080"));
        assertThat(failure(channel, ClientFrame.text(hex("ff")).bytes()).closeStatus())
                .isEqualTo(INVALID_PAYLOAD_DATA);
    }

    @Test
    void leavesBinaryMessagesUnchecked() {
        EmbeddedChannel channel = channel(MAX, false);

        write(channel, ClientFrame.binary(hex("e282")).notFinal().bytes(),
                ClientFrame.continuation(hex("ff")).bytes());

        assertThat(next(channel).payload()).isEqualTo(hex("e282"));
        assertThat(next(channel).payload()).isEqualTo(hex("ff"));
    }

    // After a violation.

    @Test
    void passesTheViolationToExceptionCaughtUnwrappedAfterEarlierFrames() {
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel channel = channel(MAX, false);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg.getClass());
                ((WebSocketFrame) msg).release();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                seen.add(cause);
            }
        });

        channel.writeInbound(Unpooled.wrappedBuffer(ClientFrame.text("fine").bytes(),
                ClientFrame.ping("").unmasked().bytes()));

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(TextWebSocketFrame.class);
        assertThat(seen.get(1)).isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                e -> assertThat(e.closeStatus()).isEqualTo(PROTOCOL_ERROR));
    }

    @Test
    void throwsOutOfWriteInboundOnAnEmbeddedChannel() {
        EmbeddedChannel channel = channel(MAX, false);

        assertThatThrownBy(() -> channel.writeInbound(ClientFrame.text("x").unmasked().buf()))
                .isInstanceOf(CorruptedWebSocketFrameException.class)
                .hasMessage("frame not masked");
    }

    @Test
    void discardsAndReleasesAllInputAfterAViolationAndNeverWritesOrCloses() {
        EmbeddedChannel channel = channel(MAX, false);
        failure(channel, concat(ClientFrame.text("x").unmasked().bytes(),
                ClientFrame.text("lost").bytes()));
        ByteBuf later = ClientFrame.text("also lost").buf();
        ByteBuf partial = Unpooled.wrappedBuffer(new byte[] {(byte) 0x81});

        channel.writeInbound(later);
        channel.writeInbound(partial);

        assertThat(channel.inboundMessages()).isEmpty();
        assertThat(later.refCnt()).isZero();
        assertThat(partial.refCnt()).isZero();
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void releasesThePartialPayloadOfAFailedFrame() {
        EmbeddedChannel channel = channel(MAX, false);
        byte[] frame = ClientFrame.text(hex("61626364ff61")).bytes();
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 8));

        failure(channel, Arrays.copyOfRange(frame, 8, frame.length));

        assertThat(allocator.allocations()).isOne();
        assertThat(allocator.unreleased()).isEmpty();
    }

    @Test
    void releasesThePartialPayloadWhenTheChannelClosesMidFrame() {
        EmbeddedChannel channel = channel(MAX, false);
        byte[] frame = ClientFrame.binary(new byte[100]).bytes();
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 50));

        assertThat(channel.finishAndReleaseAll()).isFalse();

        assertThat(allocator.allocations()).isOne();
        assertThat(allocator.unreleased()).isEmpty();
    }

    @Test
    void rejectsALimitThatIsNotPositive() {
        assertThatThrownBy(() -> new FrameDecoder(0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFramePayloadLength: 0 (expected > 0)");
    }

    private EmbeddedChannel channel(int maxFramePayloadLength, boolean allowRsv1) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(new FrameDecoder(maxFramePayloadLength, allowRsv1));
        channels.add(channel);
        return channel;
    }

    /** Writes each array as its own read. */
    private static void write(EmbeddedChannel channel, byte[]... reads) {
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
        }
    }

    /** Writes the bytes as one read and returns the violation it must raise. */
    private static CorruptedWebSocketFrameException failure(EmbeddedChannel channel,
            byte[] bytes) {
        Throwable thrown = catchThrowable(
                () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes)));
        assertThat(thrown).isInstanceOf(CorruptedWebSocketFrameException.class);
        assertThat(channel.inboundMessages()).as("frames after a violation").isEmpty();
        return (CorruptedWebSocketFrameException) thrown;
    }

    /** Reads the next frame, copies what the tests look at, and releases it. */
    private static Decoded next(EmbeddedChannel channel) {
        WebSocketFrame frame = channel.readInbound();
        assertThat(frame).as("a decoded frame").isNotNull();
        try {
            return new Decoded(frame.getClass(), frame.isFinalFragment(), frame.rsv(),
                    ByteBufUtil.getBytes(frame.content()));
        } finally {
            frame.release();
        }
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** What a decoded frame held, copied out so that the frame can be released at once. */
    private record Decoded(Class<?> type, boolean fin, int rsv, byte[] payload) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Decoded that && type == that.type && fin == that.fin
                    && rsv == that.rsv && Arrays.equals(payload, that.payload);
        }

        @Override
        public int hashCode() {
            return type.hashCode() ^ Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return type.getSimpleName() + "[fin=" + fin + ", rsv=" + rsv + ", payload="
                    + HexFormat.of().formatHex(payload) + "]";
        }
    }
}
