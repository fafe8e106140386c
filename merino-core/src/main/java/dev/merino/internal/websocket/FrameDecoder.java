package dev.merino.internal.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Decodes the frames a WebSocket client sends (RFC 6455 section 5) into Netty's frame types,
 * enforcing the protocol as bytes arrive; a server-side replacement for Netty's
 * {@code WebSocket13FrameDecoder}.
 *
 * <p>Each complete frame becomes a {@link TextWebSocketFrame}, {@link BinaryWebSocketFrame},
 * {@link ContinuationWebSocketFrame}, {@link PingWebSocketFrame}, {@link PongWebSocketFrame} or
 * {@link CloseWebSocketFrame}, with the FIN and RSV bits as received and the payload unmasked.
 * Fragments are not joined; control frames between fragments are emitted where they arrive.
 *
 * <p>The first violation makes {@code decode} throw a {@link CorruptedWebSocketFrameException}
 * whose {@link CorruptedWebSocketFrameException#closeStatus() closeStatus()} is the code to close
 * with: 1002 for a protocol error, 1007 for text or a close reason that is not UTF-8, 1009 for a
 * frame longer than the limit. {@link ByteToMessageDecoder} hands it to {@code exceptionCaught}
 * as it is, after the frames decoded before it. From then on the decoder releases everything it
 * receives and emits nothing. It never writes or closes: the handler after it decides what to
 * send, which is why a violation is an exception and not a close frame.
 *
 * <p>Text is checked for UTF-8 as it arrives, across the frames of a message and across reads
 * within a frame, so that invalid text fails the connection before the rest of the frame comes
 * (RFC 6455 section 8.1; Autobahn cases 6.4.x). Messages compressed with permessage-deflate
 * (RSV1 on their first frame) are not checked here: only their inflated text can be.
 *
 * <p>States: {@code HEADER} waits for a frame's 6 to 14 header bytes, checking the first two as
 * soon as they are here; {@code PAYLOAD} copies the payload, unmasking it, into a buffer of
 * exactly its declared length; {@code FAILED} discards input after a violation.
 *
 * <p>Threading: runs on the channel's event loop. Like every {@link ByteToMessageDecoder} it
 * keeps per-connection state and serves one channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int RSV1 = 0b100;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MASK_BYTES = 4;

    private enum State { HEADER, PAYLOAD, FAILED }

    private final int maxFramePayloadLength;
    private final boolean allowRsv1;
    private final Utf8Validator utf8 = new Utf8Validator();
    private State state = State.HEADER;

    // The data message in progress (RFC 6455 section 5.4), which outlives the frames it spans.
    private boolean inMessage;
    private boolean textToValidate;

    // The frame being read.
    private boolean fin;
    private int rsv;
    private int opcode;
    private int mask;
    private int payloadLength;
    private boolean validating;
    private ByteBuf payload;

    /**
     * Creates a decoder for one connection.
     *
     * @param maxFramePayloadLength the largest payload accepted in one frame, control frames
     *         included; a longer frame fails with 1009 as soon as its header is read
     * @param allowRsv1 true when permessage-deflate was negotiated, so that RSV1 may mark the
     *         first frame of a compressed message
     * @throws IllegalArgumentException if {@code maxFramePayloadLength} is not positive
     */
    public FrameDecoder(int maxFramePayloadLength, boolean allowRsv1) {
        if (maxFramePayloadLength <= 0) {
            throw new IllegalArgumentException("maxFramePayloadLength: " + maxFramePayloadLength
                    + " (expected > 0)");
        }
        this.maxFramePayloadLength = maxFramePayloadLength;
        this.allowRsv1 = allowRsv1;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.HEADER && !readHeader(ctx, in)) {
            return;
        }
        if (state == State.PAYLOAD) {
            readPayload(in, out);
        }
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePayload();
    }

    /** Reads the header once it is all here; returns false while more bytes are needed. */
    private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 2) {
            return false;
        }
        int first = in.getUnsignedByte(in.readerIndex());
        int second = in.getUnsignedByte(in.readerIndex() + 1);
        checkFirstTwoBytes(in, first, second);

        // Section 5.2: 126 announces a 16-bit length, 127 a 64-bit one. Check it against the
        // limit before the mask is here, and long before any payload is buffered.
        int lengthField = second & 0x7F;
        int lengthBytes = lengthField == 126 ? 2 : lengthField == 127 ? 8 : 0;
        if (in.readableBytes() < 2 + lengthBytes) {
            return false;
        }
        int length = payloadLength(in, lengthField);

        if (in.readableBytes() < 2 + lengthBytes + MASK_BYTES) {
            return false;
        }
        in.skipBytes(2 + lengthBytes);
        startFrame(ctx, first, length, in.readInt());
        return true;
    }

    /** Checks what the first two header bytes alone decide; they are not consumed. */
    private void checkFirstTwoBytes(ByteBuf in, int first, int second) {
        boolean finalFragment = (first & 0x80) != 0;
        int reserved = (first >> 4) & 0b111;
        int code = first & 0x0F;
        boolean control = code >= CLOSE;

        // Section 5.2: an opcode not defined here fails the connection; so do RSV bits that no
        // negotiated extension defines. permessage-deflate defines RSV1, and only on the first
        // frame of a data message (RFC 7692 section 6).
        if ((code > BINARY && code < CLOSE) || code > PONG) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "reserved opcode " + code);
        }
        if ((reserved & 0b011) != 0) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "RSV2 or RSV3 set");
        }
        if ((reserved & RSV1) != 0) {
            checkRsv1(in, code);
        }

        // Section 5.1: a server fails the connection on a frame the client did not mask.
        if ((second & 0x80) == 0) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "frame not masked");
        }

        // Section 5.5: control frames are never fragmented and carry at most 125 bytes, so a
        // length field of 126 or 127 (an extended length) is already too long.
        if (control) {
            if (!finalFragment) {
                throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                        "fragmented control frame");
            }
            if ((second & 0x7F) > MAX_CONTROL_PAYLOAD) {
                throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                        "control frame payload over 125 bytes");
            }
            return;
        }

        // Section 5.4: continuation frames continue a message, and a new message waits for the
        // last fragment of the one before it.
        if (code == CONTINUATION && !inMessage) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                    "continuation frame without a message to continue");
        }
        if (code != CONTINUATION && inMessage) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                    "new data frame before the last fragment of a message");
        }
    }

    private void checkRsv1(ByteBuf in, int code) {
        if (!allowRsv1) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                    "RSV1 set without a negotiated extension");
        }
        if (code >= CLOSE) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "RSV1 set on a control frame");
        }
        if (code == CONTINUATION) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                    "RSV1 set on a continuation frame");
        }
    }

    /** Returns the declared payload length, whose extended bytes (if any) are all readable. */
    private int payloadLength(ByteBuf in, int lengthField) {
        long length;
        int at = in.readerIndex() + 2;
        if (lengthField == 126) {
            length = in.getUnsignedShort(at);
        } else if (lengthField == 127) {
            length = in.getLong(at);
        } else {
            length = lengthField;
        }

        // Section 5.2: the most significant bit of a 64-bit length must be 0, and a length
        // must use the shortest form that holds it.
        if (length < 0) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                    "64-bit payload length with the most significant bit set");
        }
        if ((lengthField == 126 && length < 126) || (lengthField == 127 && length <= 0xFFFF)) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                    "payload length not in its shortest form");
        }
        if (length > maxFramePayloadLength) {
            throw violation(in, WebSocketCloseStatus.MESSAGE_TOO_BIG, "frame payload of " + length
                    + " bytes over the limit of " + maxFramePayloadLength);
        }
        return (int) length;
    }

    private void startFrame(ChannelHandlerContext ctx, int first, int length, int maskKey) {
        fin = (first & 0x80) != 0;
        rsv = (first >> 4) & 0b111;
        opcode = first & 0x0F;
        mask = maskKey;
        payloadLength = length;

        // A text or binary frame starts a message; whether its text is checked here is decided
        // by its first frame, since only that one carries RSV1 (RFC 7692 section 6).
        if (opcode == TEXT || opcode == BINARY) {
            inMessage = !fin;
            textToValidate = opcode == TEXT && (rsv & RSV1) == 0;
            utf8.reset();
        } else if (opcode == CONTINUATION) {
            inMessage = !fin;
        }
        validating = textToValidate && opcode < CLOSE;

        // The payload goes to a buffer of its own rather than being unmasked in place: the read
        // buffer may be shared or read-only, and a copy lets each chunk be checked on arrival
        // and the read buffer be released as soon as it is consumed. The length was checked
        // against the limit, so this allocation is bounded.
        payload = length == 0 ? Unpooled.EMPTY_BUFFER : ctx.alloc().buffer(length, length);
        state = State.PAYLOAD;
    }

    private void readPayload(ByteBuf in, List<Object> out) {
        int count = Math.min(in.readableBytes(), payloadLength - payload.writerIndex());
        if (count > 0) {
            int start = payload.writerIndex();
            unmask(in, count);

            // Section 8.1: invalid text fails the connection when it is seen, not when the
            // frame or the message is complete.
            if (validating && !utf8.feed(payload, start, count)) {
                throw violation(in, WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                        "text is not valid UTF-8");
            }
        }
        if (payload.writerIndex() == payloadLength) {
            finishFrame(in, out);
        }
    }

    /** Copies {@code count} bytes from {@code in} to the payload, undoing the mask. */
    private void unmask(ByteBuf in, int count) {
        int from = in.readerIndex();
        int to = payload.writerIndex();

        // Section 5.3: payload byte i is XORed with mask byte i % 4. Rotating the key to this
        // chunk's offset in the frame lets a chunk start anywhere, and eight bytes at a time
        // keep the rotation, since eight is a multiple of four.
        int key = Integer.rotateLeft(mask, (to & 3) << 3);
        long key8 = ((long) key << 32) | (key & 0xFFFF_FFFFL);
        int i = 0;
        for (; count - i >= Long.BYTES; i += Long.BYTES) {
            payload.setLong(to + i, in.getLong(from + i) ^ key8);
        }
        for (; i < count; i++) {
            payload.setByte(to + i, in.getByte(from + i) ^ (key >>> ((3 - (i & 3)) << 3)));
        }
        payload.writerIndex(to + count);
        in.skipBytes(count);
    }

    private void finishFrame(ByteBuf in, List<Object> out) {
        if (validating && fin && !utf8.isComplete()) {
            throw violation(in, WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                    "text ends inside a UTF-8 sequence");
        }
        if (opcode == CLOSE) {
            checkClosePayload(in);
        }
        ByteBuf content = payload;
        payload = null;
        state = State.HEADER;
        out.add(frame(content));
    }

    private WebSocketFrame frame(ByteBuf content) {
        return switch (opcode) {
            case CONTINUATION -> new ContinuationWebSocketFrame(fin, rsv, content);
            case TEXT -> new TextWebSocketFrame(fin, rsv, content);
            case BINARY -> new BinaryWebSocketFrame(fin, rsv, content);
            case CLOSE -> new CloseWebSocketFrame(fin, rsv, content);
            case PING -> new PingWebSocketFrame(fin, rsv, content);
            case PONG -> new PongWebSocketFrame(fin, rsv, content);
            default -> throw new IllegalStateException("opcode " + opcode + " passed the checks");
        };
    }

    /** Checks the code and reason of a close frame (RFC 6455 sections 5.5.1 and 7.4). */
    private void checkClosePayload(ByteBuf in) {
        int length = payload.readableBytes();
        if (length == 0) {
            return;
        }
        if (length == 1) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR,
                    "close frame payload of 1 byte");
        }
        int code = payload.getUnsignedShort(payload.readerIndex());
        if (!isReceivableCloseCode(code)) {
            throw violation(in, WebSocketCloseStatus.PROTOCOL_ERROR, "close code " + code
                    + " may not be sent");
        }
        Utf8Validator reason = new Utf8Validator();
        if (!reason.feed(payload, payload.readerIndex() + 2, length - 2) || !reason.isComplete()) {
            throw violation(in, WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                    "close reason is not valid UTF-8");
        }
    }

    /**
     * Returns whether a peer may send {@code code} in a close frame: the codes RFC 6455 section
     * 7.4.1 defines and the IANA registry added (1012-1014), except 1004 (reserved) and 1005,
     * 1006 and 1015, which only report a condition locally; and the range 3000-4999 for
     * libraries, frameworks and applications (section 7.4.2).
     */
    static boolean isReceivableCloseCode(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /** Fails the connection: from now on all input is discarded. Returns what to throw. */
    private CorruptedWebSocketFrameException violation(ByteBuf in, WebSocketCloseStatus status,
            String message) {
        state = State.FAILED;
        releasePayload();
        in.skipBytes(in.readableBytes());
        return new CorruptedWebSocketFrameException(status, message);
    }

    private void releasePayload() {
        if (payload != null) {
            payload.release();
            payload = null;
        }
    }
}
