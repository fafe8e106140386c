package dev.merino.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the bytes of a frame as a client sends it (RFC 6455 section 5.2): final, masked, with
 * the shortest length form, unless told otherwise.
 */
final class ClientFrame {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private final int opcode;
    private final byte[] payload;
    private boolean fin = true;
    private int rsv;
    private boolean masked = true;
    private int mask = 0x37FA213D;
    private Long declaredLength;
    private int lengthBits;

    private ClientFrame(int opcode, byte[] payload) {
        this.opcode = opcode;
        this.payload = payload;
    }

    static ClientFrame of(int opcode, byte[] payload) {
        return new ClientFrame(opcode, payload);
    }

    static ClientFrame text(String text) {
        return of(TEXT, utf8(text));
    }

    static ClientFrame text(byte[] bytes) {
        return of(TEXT, bytes);
    }

    static ClientFrame binary(byte[] bytes) {
        return of(BINARY, bytes);
    }

    static ClientFrame continuation(String text) {
        return of(CONTINUATION, utf8(text));
    }

    static ClientFrame continuation(byte[] bytes) {
        return of(CONTINUATION, bytes);
    }

    static ClientFrame ping(String text) {
        return of(PING, utf8(text));
    }

    static ClientFrame pong(String text) {
        return of(PONG, utf8(text));
    }

    static ClientFrame close(byte[] payload) {
        return of(CLOSE, payload);
    }

    static ClientFrame close(int code, String reason) {
        return close(closePayload(code, utf8(reason)));
    }

    static byte[] closePayload(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Clears FIN: more fragments follow. */
    ClientFrame notFinal() {
        fin = false;
        return this;
    }

    /** Sets the three RSV bits, RSV1 being 0b100 as in Netty's {@code WebSocketFrame.rsv()}. */
    ClientFrame rsv(int bits) {
        rsv = bits;
        return this;
    }

    ClientFrame unmasked() {
        masked = false;
        return this;
    }

    ClientFrame mask(int key) {
        mask = key;
        return this;
    }

    /** Declares a payload length other than the payload's, for headers sent without one. */
    ClientFrame declaredLength(long length) {
        declaredLength = length;
        return this;
    }

    /** Encodes the length in 7, 16 or 64 bits whatever its value. */
    ClientFrame lengthBits(int bits) {
        lengthBits = bits;
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        writeLength(out, declaredLength != null ? declaredLength : payload.length);
        if (masked) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(mask >>> shift);
            }
        }
        for (int i = 0; i < payload.length; i++) {
            int key = masked ? mask >>> (24 - 8 * (i % 4)) : 0;
            out.write((payload[i] ^ key) & 0xFF);
        }
        return out.toByteArray();
    }

    ByteBuf buf() {
        return Unpooled.wrappedBuffer(bytes());
    }

    private void writeLength(ByteArrayOutputStream out, long length) {
        int maskBit = masked ? 0x80 : 0;
        int bits = lengthBits != 0 ? lengthBits
                : Long.compareUnsigned(length, 126) < 0 ? 7
                : Long.compareUnsigned(length, 0xFFFF) <= 0 ? 16 : 64;
        if (bits == 7) {
            out.write(maskBit | (int) length);
        } else if (bits == 16) {
            out.write(maskBit | 126);
            out.write((int) (length >> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
    }
}
