package dev.merino.internal.websocket;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks that a byte stream is well-formed UTF-8, one chunk at a time, and fails at the first
 * byte that cannot belong to a well-formed sequence.
 *
 * <p>The rules are those of RFC 3629 section 4 (the same as Unicode's table 3-7): no overlong
 * forms, no surrogates (U+D800 to U+DFFF), nothing above U+10FFFF, and never the bytes C0, C1 or
 * F5 to FF. A sequence may be split anywhere across calls to {@code feed}; {@link #isComplete()}
 * tells whether the bytes so far end on a character boundary. Once a byte is rejected the
 * validator stays failed until {@link #reset()}.
 *
 * <p>It is a table-driven automaton: each byte is mapped to one of twelve classes, and a
 * transition table gives the next state for each state and class. Feeding allocates nothing,
 * and runs of ASCII are skipped eight bytes at a time.
 *
 * <p>Not thread-safe: one instance belongs to one stream, such as one connection's text
 * messages, and is used from one thread at a time.
 */
public final class Utf8Validator {
    // Byte classes: which lead byte a byte is, or which range of continuation byte.
    private static final int ASCII = 0;          // 00-7F
    private static final int TAIL_80_8F = 1;
    private static final int TAIL_90_9F = 2;
    private static final int TAIL_A0_BF = 3;
    private static final int NEVER = 4;          // C0, C1 (always overlong), F5-FF (past U+10FFFF)
    private static final int LEAD_2 = 5;         // C2-DF
    private static final int LEAD_E0 = 6;
    private static final int LEAD_3 = 7;         // E1-EC, EE, EF
    private static final int LEAD_ED = 8;
    private static final int LEAD_F0 = 9;
    private static final int LEAD_4 = 10;        // F1-F3
    private static final int LEAD_F4 = 11;

    // States. The four first-continuation states carry the narrowed ranges of RFC 3629 section 4.
    private static final int ACCEPT = 0;         // on a character boundary
    private static final int REJECT = 1;
    private static final int NEED_1 = 2;         // one more continuation byte, 80-BF
    private static final int NEED_2 = 3;
    private static final int NEED_3 = 4;
    private static final int AFTER_E0 = 5;       // A0-BF next, else the sequence is overlong
    private static final int AFTER_ED = 6;       // 80-9F next, else it encodes a surrogate
    private static final int AFTER_F0 = 7;       // 90-BF next, else the sequence is overlong
    private static final int AFTER_F4 = 8;       // 80-8F next, else it is past U+10FFFF
    private static final int STATES = 9;

    private static final byte[] CLASSES = new byte[256];
    private static final byte[] TRANSITIONS = new byte[STATES << 4];
    private static final long ASCII_MASK = 0x8080_8080_8080_8080L;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    static {
        classify(0x00, 0x7F, ASCII);
        classify(0x80, 0x8F, TAIL_80_8F);
        classify(0x90, 0x9F, TAIL_90_9F);
        classify(0xA0, 0xBF, TAIL_A0_BF);
        classify(0xC0, 0xC1, NEVER);
        classify(0xC2, 0xDF, LEAD_2);
        classify(0xE0, 0xE0, LEAD_E0);
        classify(0xE1, 0xEF, LEAD_3);
        classify(0xED, 0xED, LEAD_ED);
        classify(0xF0, 0xF0, LEAD_F0);
        classify(0xF1, 0xF3, LEAD_4);
        classify(0xF4, 0xF4, LEAD_F4);
        classify(0xF5, 0xFF, NEVER);

        // Every transition not listed rejects, and REJECT never leaves itself.
        Arrays.fill(TRANSITIONS, (byte) REJECT);
        on(ACCEPT, ASCII, ACCEPT);
        on(ACCEPT, LEAD_2, NEED_1);
        on(ACCEPT, LEAD_E0, AFTER_E0);
        on(ACCEPT, LEAD_3, NEED_2);
        on(ACCEPT, LEAD_ED, AFTER_ED);
        on(ACCEPT, LEAD_F0, AFTER_F0);
        on(ACCEPT, LEAD_4, NEED_3);
        on(ACCEPT, LEAD_F4, AFTER_F4);
        for (int tail : new int[] {TAIL_80_8F, TAIL_90_9F, TAIL_A0_BF}) {
            on(NEED_1, tail, ACCEPT);
            on(NEED_2, tail, NEED_1);
            on(NEED_3, tail, NEED_2);
        }
        on(AFTER_E0, TAIL_A0_BF, NEED_1);
        on(AFTER_ED, TAIL_80_8F, NEED_1);
        on(AFTER_ED, TAIL_90_9F, NEED_1);
        on(AFTER_F0, TAIL_90_9F, NEED_2);
        on(AFTER_F0, TAIL_A0_BF, NEED_2);
        on(AFTER_F4, TAIL_80_8F, NEED_2);
    }

    private int state = ACCEPT;

    /** Creates a validator at the start of a stream. */
    public Utf8Validator() {
    }

    private static void classify(int from, int to, int byteClass) {
        for (int b = from; b <= to; b++) {
            CLASSES[b] = (byte) byteClass;
        }
    }

    private static void on(int from, int byteClass, int to) {
        TRANSITIONS[(from << 4) | byteClass] = (byte) to;
    }

    /**
     * Feeds {@code length} bytes of {@code buf} starting at absolute {@code index}, without
     * moving its reader or writer index. Returns false if these or earlier bytes are not
     * well-formed UTF-8; bytes after the first invalid one are not looked at.
     *
     * @throws IndexOutOfBoundsException if the range is outside the buffer's capacity
     */
    public boolean feed(ByteBuf buf, int index, int length) {
        Objects.checkFromIndexSize(index, length, buf.capacity());
        if (buf.hasArray()) {
            return feed(buf.array(), buf.arrayOffset() + index, length);
        }
        int s = state;
        int i = index;
        int end = index + length;
        while (i < end && s != REJECT) {
            if (s == ACCEPT) {
                while (end - i >= Long.BYTES && (buf.getLong(i) & ASCII_MASK) == 0) {
                    i += Long.BYTES;
                }
                if (i == end) {
                    break;
                }
            }
            s = TRANSITIONS[(s << 4) | CLASSES[buf.getByte(i++) & 0xFF]];
        }
        state = s;
        return s != REJECT;
    }

    /**
     * Feeds {@code length} bytes of {@code bytes} starting at {@code offset}. Returns false if
     * these or earlier bytes are not well-formed UTF-8; bytes after the first invalid one are not
     * looked at.
     *
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public boolean feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int s = state;
        int i = offset;
        int end = offset + length;
        while (i < end && s != REJECT) {
            if (s == ACCEPT) {
                while (end - i >= Long.BYTES && ((long) LONGS.get(bytes, i) & ASCII_MASK) == 0) {
                    i += Long.BYTES;
                }
                if (i == end) {
                    break;
                }
            }
            s = TRANSITIONS[(s << 4) | CLASSES[bytes[i++] & 0xFF]];
        }
        state = s;
        return s != REJECT;
    }

    /** Feeds all of {@code bytes}; returns as {@link #feed(byte[], int, int)} does. */
    public boolean feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /**
     * Returns true when every byte fed so far was valid and the last one ended a character, so
     * that the stream may end here. Returns false in the middle of a sequence or after failure.
     */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    /** Returns true when a byte fed since the last reset was not valid UTF-8 in its place. */
    public boolean hasFailed() {
        return state == REJECT;
    }

    /** Forgets everything fed so far, ready for a new stream. */
    public void reset() {
        state = ACCEPT;
    }
}
