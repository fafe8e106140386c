package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.internal.websocket.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {
    // One character of every encoded length, at the edges of each range that is allowed.
    private static final String MIXED = "a\u0080\u07ff\u0800\ud7ff\ue000\uffff"
            + "\ud800\udc00\udbff\udfffκόσμε€𐍈z";

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "é", "€", "𐍈", "\u0080", "\u07ff", "\u0800", "\ud7ff",
            "\ue000", "\uffff", "\ud800\udc00", "\udbff\udfff", MIXED})
    void acceptsWellFormedText(String text) {
        Utf8Validator validator = new Utf8Validator();

        assertThat(validator.feed(text.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(validator.isComplete()).isTrue();
        assertThat(validator.hasFailed()).isFalse();
    }

    @Test
    void acceptsTextSplitIntoThreeChunksAtEveryPairOfPositions() {
        byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);

        for (int first = 0; first <= bytes.length; first++) {
            for (int second = first; second <= bytes.length; second++) {
                Utf8Validator validator = new Utf8Validator();
                boolean valid = validator.feed(bytes, 0, first)
                        && validator.feed(bytes, first, second - first)
                        && validator.feed(bytes, second, bytes.length - second);

                assertThat(valid).as("split at %d and %d", first, second).isTrue();
                assertThat(validator.isComplete()).as("split at %d and %d", first, second)
                        .isTrue();
            }
        }
    }

    @Test
    void acceptsFourByteSequenceFedInThreeParts() {
        Utf8Validator validator = new Utf8Validator();

        assertThat(validator.feed(hex("f0"))).isTrue();
        assertThat(validator.isComplete()).isFalse();
        assertThat(validator.feed(hex("908d"))).isTrue();
        assertThat(validator.isComplete()).isFalse();
        assertThat(validator.feed(hex("88"))).isTrue();
        assertThat(validator.isComplete()).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "overlong 2-byte NUL, c080",
        "overlong 2-byte U+007F, c1bf",
        "overlong 3-byte NUL, e08080",
        "overlong 3-byte U+07FF, e09fbf",
        "overlong 4-byte NUL, f0808080",
        "overlong 4-byte U+FFFF, f08fbfbf",
        "lone high surrogate U+D800, eda080",
        "lone low surrogate U+DFFF, edbfbf",
        "surrogate pair encoded as two sequences, eda080edb080",
        "U+110000, f4908080",
        "largest 4-byte pattern, f7bfbfbf",
        "5-byte form, f888808080",
        "6-byte form, fc8480808080",
        "stray continuation 80, 80",
        "stray continuation bf, bf",
        "continuation after ASCII, 6180",
        "continuation after complete sequence, c3a9a9",
        "lead byte followed by ASCII, c341",
        "3-byte lead cut short by ASCII, e28241",
        "4-byte lead cut short by lead, f0908dc3a9",
        "c0 alone, c0",
        "c1 alone, c1",
        "f5 alone, f5",
        "fe alone, fe",
        "ff alone, ff",
    })
    void rejectsMalformedInput(String description, String input) {
        Utf8Validator validator = new Utf8Validator();

        assertThat(validator.feed(hex(input))).isFalse();
        assertThat(validator.hasFailed()).isTrue();
        assertThat(validator.isComplete()).isFalse();
    }

    @ParameterizedTest(name = "{0} fails at byte {1}")
    @CsvSource({
        "c080, 0",
        "c1bf, 0",
        "e08080, 1",
        "e09fbf, 1",
        "f0808080, 1",
        "f08fbfbf, 1",
        "eda080, 1",
        "edbfbf, 1",
        "f4908080, 1",
        "f5808080, 0",
        "ff, 0",
        "80, 0",
        "616263c3a9a9, 5",
        "c341, 1",
        "e282ac41e241, 5",
        "e28241, 2",
        "f0908d41, 3",
        "6162636465666768696a6b6c6d6e6f70ff, 16",
    })
    void failsAtTheFirstInvalidByteWhenFedByteByByte(String input, int firstInvalid) {
        byte[] bytes = hex(input);
        Utf8Validator validator = new Utf8Validator();

        for (int i = 0; i < firstInvalid; i++) {
            assertThat(validator.feed(bytes, i, 1)).as("byte %d", i).isTrue();
        }
        assertThat(validator.feed(bytes, firstInvalid, 1)).as("byte %d", firstInvalid).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3", "e2", "e282", "f0", "f090", "f0908d", "61c3", "c3a9e282"})
    void reportsTruncatedSequenceAsIncompleteButNotFailed(String input) {
        Utf8Validator validator = new Utf8Validator();

        assertThat(validator.feed(hex(input))).isTrue();
        assertThat(validator.isComplete()).isFalse();
        assertThat(validator.hasFailed()).isFalse();
    }

    @Test
    void staysFailedUntilReset() {
        Utf8Validator validator = new Utf8Validator();
        validator.feed(hex("ff"));

        assertThat(validator.feed(hex("61"))).isFalse();
        assertThat(validator.feed(Unpooled.EMPTY_BUFFER, 0, 0)).isFalse();
        assertThat(validator.isComplete()).isFalse();

        validator.reset();

        assertThat(validator.feed(hex("61"))).isTrue();
        assertThat(validator.isComplete()).isTrue();
    }

    @Test
    void resetForgetsAPartialSequence() {
        Utf8Validator validator = new Utf8Validator();
        validator.feed(hex("e282"));

        validator.reset();

        assertThat(validator.feed(hex("ac"))).isFalse();
    }

    @Test
    void feedsHeapAndDirectBuffersFromAnIndexWithoutMovingTheirIndices() {
        byte[] bytes = ("xx" + MIXED).getBytes(StandardCharsets.UTF_8);
        ByteBuf heap = Unpooled.wrappedBuffer(bytes);
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        try {
            for (ByteBuf buf : new ByteBuf[] {heap, direct}) {
                Utf8Validator validator = new Utf8Validator();

                assertThat(validator.feed(buf, 2, 5)).isTrue();
                assertThat(validator.feed(buf, 7, bytes.length - 7)).isTrue();
                assertThat(validator.isComplete()).isTrue();
                assertThat(buf.readerIndex()).isZero();
            }
        } finally {
            heap.release();
            direct.release();
        }
    }

    @Test
    void findsAnInvalidByteAtEveryPositionOfALongAsciiRun() {
        // The ASCII fast path skips eight bytes at a time; a bad byte must not slip past it.
        for (int bad = 0; bad < 40; bad++) {
            byte[] bytes = "abcdefghijklmnopqrstuvwxyz0123456789ABCD".getBytes(
                    StandardCharsets.US_ASCII);
            bytes[bad] = (byte) 0x80;
            ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
            try {
                assertThat(new Utf8Validator().feed(bytes)).as("array, byte %d", bad).isFalse();
                assertThat(new Utf8Validator().feed(direct, 0, bytes.length))
                        .as("direct buffer, byte %d", bad).isFalse();
            } finally {
                direct.release();
            }
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnEveryTwoByteInput() {
        byte[] bytes = new byte[2];
        for (int i = 0; i < 1 << 16; i++) {
            bytes[0] = (byte) (i >> 8);
            bytes[1] = (byte) i;
            assertAgreesWithJdk(bytes);
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnThreeByteInputsWithEveryLeadAndSecondByte() {
        byte[] bytes = new byte[3];
        for (int lead = 0xC0; lead <= 0xFF; lead++) {
            for (int i = 0x80; i < 0xC0; i++) {
                for (int j = 0; j < 0x100; j += 0x0F) {
                    bytes[0] = (byte) lead;
                    bytes[1] = (byte) i;
                    bytes[2] = (byte) j;
                    assertAgreesWithJdk(bytes);
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInputMostlyOfHighBytes() {
        SplittableRandom random = new SplittableRandom(6455);
        for (int n = 0; n < 100_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80)
                        : 0x80 + random.nextInt(0x80));
            }
            assertAgreesWithJdk(bytes);
        }
    }

    @Test
    void rejectsARangeOutsideTheArrayOrBuffer() {
        Utf8Validator validator = new Utf8Validator();

        assertThatThrownBy(() -> validator.feed(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> validator.feed(Unpooled.EMPTY_BUFFER, 0, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static void assertAgreesWithJdk(byte[] bytes) {
        Utf8Validator validator = new Utf8Validator();
        boolean ours = validator.feed(bytes) && validator.isComplete();

        assertThat(ours).as("%s", HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
    }

    private static boolean jdkAccepts(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
