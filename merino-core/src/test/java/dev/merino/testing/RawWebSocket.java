package dev.merino.testing;

import dev.merino.testing.RawClient.RawResponse;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A plain-socket WebSocket client for tests that must send frames of any shape, malformed ones
 * included, and see byte for byte what the server sends back, down to whether and when it
 * closes the TCP connection.
 *
 * <p>It does no protocol work of its own: it never answers a Ping or a Close unless asked
 * to, and it masks only the frames built with a mask. Not thread-safe; one test thread.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** RSV1, the bit permessage-deflate claims (RFC 7692 section 6). */
    public static final int RSV1 = 0b100;
    public static final int RSV2 = 0b010;
    public static final int RSV3 = 0b001;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** RFC 7692 section 7.2.1: the empty stored block every flushed message ends with. */
    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    /** How many frames {@link #readUntilEof} reads at most before it gives up. */
    private static final int MAX_FRAMES = 10_000;

    private final RawClient client;
    private final DataInputStream in;
    private final RawResponse response;
    private long eofNanos;

    /**
     * A frame, as sent or as read. When sent, {@code masked} says whether to mask it; when
     * read, whether the server masked it (a server must not, RFC 6455 section 5.1).
     */
    public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

        /** Returns a final, masked frame with the opcode and payload. */
        public static Frame of(int opcode, byte[] payload) {
            return new Frame(true, 0, opcode, true, payload);
        }

        /** Returns a final, masked text frame. */
        public static Frame text(String text) {
            return of(TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Returns a final, masked binary frame. */
        public static Frame binary(byte[] bytes) {
            return of(BINARY, bytes);
        }

        /** Returns a masked Close frame with the code and the reason's bytes as given. */
        public static Frame close(int code, byte[] reason) {
            return of(CLOSE, ByteBuffer.allocate(2 + reason.length).putShort((short) code)
                    .put(reason).array());
        }

        /** Returns a masked Close frame with the code and a UTF-8 reason. */
        public static Frame close(int code, String reason) {
            return close(code, reason.getBytes(StandardCharsets.UTF_8));
        }

        /** Returns a copy with another FIN bit. */
        public Frame withFin(boolean fin) {
            return new Frame(fin, rsv, opcode, masked, payload);
        }

        /** Returns a copy with the reserved bits (RSV1 is 4, RSV2 2, RSV3 1). */
        public Frame withRsv(int rsv) {
            return new Frame(fin, rsv, opcode, masked, payload);
        }

        /** Returns a copy that is sent without a mask. */
        public Frame unmasked() {
            return new Frame(fin, rsv, opcode, false, payload);
        }

        /** Returns whether this is a Close frame. */
        public boolean isClose() {
            return opcode == CLOSE;
        }

        /** Returns the code of a Close frame, or -1 when it has no payload. */
        public int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        /** Returns the reason bytes of a Close frame, exactly as sent. */
        public byte[] reasonBytes() {
            return payload.length <= 2 ? new byte[0] : Arrays.copyOfRange(payload, 2,
                    payload.length);
        }

        /** Returns the reason of a Close frame as UTF-8. */
        public String reason() {
            return new String(reasonBytes(), StandardCharsets.UTF_8);
        }

        /** Returns the payload as UTF-8. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** Returns the frame's bytes on the wire, masked with a random key if it is masked. */
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
            out.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xf));
            int maskBit = masked ? 0x80 : 0;
            if (payload.length < 126) {
                out.write(maskBit | payload.length);
            } else if (payload.length < 65536) {
                out.write(maskBit | 126);
                out.writeBytes(ByteBuffer.allocate(2).putShort((short) payload.length).array());
            } else {
                out.write(maskBit | 127);
                out.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
            }
            if (!masked) {
                out.writeBytes(payload);
                return out.toByteArray();
            }
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            out.writeBytes(key);
            byte[] body = payload.clone();
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i & 3];
            }
            out.writeBytes(body);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            String what = opcode == CLOSE ? "close " + closeCode() + " '" + reason() + "'"
                    : payload.length + " bytes";
            return "Frame[opcode=" + opcode + (fin ? "" : " fin=0") + (rsv == 0 ? "" : " rsv="
                    + rsv) + (masked ? " masked" : "") + " " + what + "]";
        }
    }

    private RawWebSocket(RawClient client, RawResponse response) {
        this.client = client;
        this.response = response;
        // The client's own buffered stream: it may hold frame bytes read with the 101's head.
        this.in = new DataInputStream(client.input());
    }

    /**
     * Opens a WebSocket with a valid handshake (a fresh key, version 13) plus the extra header
     * lines ({@code "Name: value"}), to offer subprotocols or extensions. Returns whatever the
     * server answered; see {@link #response()}.
     *
     * @throws AssertionError if the server switched protocols with a wrong
     *     {@code Sec-WebSocket-Accept}
     */
    public static RawWebSocket connect(int port, String path, String... headerLines) {
        String key = newKey();
        List<String> lines = new ArrayList<>(List.of("Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + key,
                "Sec-WebSocket-Version: 13"));
        lines.addAll(List.of(headerLines));
        RawWebSocket socket = connectExactly(port, "GET", path, lines.toArray(String[]::new));
        if (socket.isUpgraded()) {
            String accept = socket.response.header("Sec-WebSocket-Accept");
            if (!acceptFor(key).equals(accept)) {
                socket.close();
                throw new AssertionError("Sec-WebSocket-Accept: " + accept + " (expected "
                        + acceptFor(key) + ")");
            }
        }
        return socket;
    }

    /**
     * Sends a request with a {@code Host} header and exactly the given header lines, nothing
     * else, and reads the response (with its body, unless it is a 101).
     */
    public static RawWebSocket connectExactly(int port, String method, String path,
            String... headerLines) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        RawClient client = new RawClient(port);
        try {
            client.send(head.toString());
            return new RawWebSocket(client, client.readResponse());
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    /** Returns a fresh {@code Sec-WebSocket-Key}: 16 random bytes in base64. */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Returns the {@code Sec-WebSocket-Accept} a server must answer to the key. */
    public static String acceptFor(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the server's answer to the handshake. */
    public RawResponse response() {
        return response;
    }

    /** Returns whether the server answered {@code 101 Switching Protocols}. */
    public boolean isUpgraded() {
        return response.status() == 101;
    }

    /** Sends the frame in one write. */
    public RawWebSocket send(Frame frame) {
        return sendBytes(frame.encode());
    }

    /** Sends the frames' bytes in one write, so that they likely arrive in one TCP segment. */
    public RawWebSocket sendTogether(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            out.writeBytes(frame.encode());
        }
        return sendBytes(out.toByteArray());
    }

    /** Sends the frame one write of at most {@code chunk} bytes at a time. */
    public RawWebSocket sendSplit(Frame frame, int chunk) {
        byte[] bytes = frame.encode();
        for (int from = 0; from < bytes.length; from += chunk) {
            sendBytes(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)));
        }
        return this;
    }

    /** Sends a masked text frame. */
    public RawWebSocket sendText(String text) {
        return send(Frame.text(text));
    }

    /** Sends a masked Close frame with a code and reason. */
    public RawWebSocket sendClose(int code, String reason) {
        return send(Frame.close(code, reason));
    }

    /** Sends bytes exactly as given. */
    public RawWebSocket sendBytes(byte[] bytes) {
        client.send(bytes);
        return this;
    }

    /**
     * Reads the next frame, waiting up to the socket's timeout (5 seconds); returns null at
     * end of stream (or a reset), when the server closed the connection.
     *
     * @throws UncheckedIOException with a {@link SocketTimeoutException} if nothing came in time
     */
    public Frame readFrame() {
        try {
            int first = in.read();
            if (first == -1) {
                return eof();
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException("frame length: " + length);
            }
            boolean masked = (second & 0x80) != 0;
            byte[] key = new byte[4];
            if (masked) {
                in.readFully(key);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if (masked) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= key[i & 3];
                }
            }
            return new Frame((first & 0x80) != 0, (first >> 4) & 0x7, first & 0xf, masked,
                    payload);
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("No frame within the read timeout", e);
        } catch (EOFException e) {
            throw new UncheckedIOException("The connection ended inside a frame", e);
        } catch (SocketException reset) {
            return eof();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next frame, waiting up to the timeout; see {@link #readFrame()}. */
    public Frame readFrame(Duration timeout) {
        int before = soTimeout();
        setSoTimeout((int) timeout.toMillis());
        try {
            return readFrame();
        } finally {
            setSoTimeout(before);
        }
    }

    /**
     * Reads every frame until the server closes the connection and returns them in order;
     * with {@code replyToClose}, answers the first Close frame read with a Close of the same
     * code, as a well-behaved peer does. Each read waits up to the socket's timeout.
     *
     * @throws UncheckedIOException if a read times out before the connection ends
     */
    public List<Frame> readUntilEof(boolean replyToClose) {
        List<Frame> frames = new ArrayList<>();
        boolean replied = false;
        for (int i = 0; i < MAX_FRAMES; i++) {
            Frame frame = readFrame();
            if (frame == null) {
                return frames;
            }
            frames.add(frame);
            if (frame.isClose() && replyToClose && !replied) {
                replied = true;
                replyQuietly(frame);
            }
        }
        throw new IllegalStateException("More than " + MAX_FRAMES + " frames without an end");
    }

    private void replyQuietly(Frame close) {
        try {
            send(close.closeCode() == -1 ? Frame.of(CLOSE, new byte[0])
                    : Frame.close(close.closeCode(), ""));
        } catch (UncheckedIOException e) {
            // The server may already have closed the connection after failing it.
        }
    }

    /** Returns when the end of stream was read ({@link System#nanoTime()}), or 0 if not yet. */
    public long eofNanos() {
        return eofNanos;
    }

    private Frame eof() {
        if (eofNanos == 0) {
            eofNanos = System.nanoTime();
        }
        return null;
    }

    /** Sets the read timeout in milliseconds. */
    public void setSoTimeout(int millis) {
        try {
            client.socket().setSoTimeout(millis);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int soTimeout() {
        try {
            return client.socket().getSoTimeout();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the socket with a reset instead of a FIN: the peer vanishes, no Close sent. */
    public void abort() {
        try {
            client.socket().setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // Already closed.
        }
        close();
    }

    /** Closes the socket without a Close frame. */
    @Override
    public void close() {
        client.close();
    }

    /**
     * Compresses a message as permessage-deflate sends it: a sync flush, without the trailing
     * {@code 00 00 ff ff} (RFC 7692 section 7.2.1). The deflater must be made with
     * {@code nowrap}; keep it for the next message to use context takeover.
     */
    public static byte[] deflate(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] bytes = out.toByteArray();
        if (bytes.length < 4 || !Arrays.equals(bytes, bytes.length - 4, bytes.length,
                DEFLATE_TAIL, 0, 4)) {
            throw new IllegalStateException("A sync flush ends with 00 00 ff ff");
        }
        return Arrays.copyOf(bytes, bytes.length - 4);
    }

    /**
     * Decompresses a permessage-deflate message: appends the {@code 00 00 ff ff} tail the
     * sender left off and inflates. The inflater must be made with {@code nowrap}.
     */
    public static byte[] inflate(Inflater inflater, byte[] compressed) {
        byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
        System.arraycopy(DEFLATE_TAIL, 0, input, compressed.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int i = 0; i < 100_000 && !inflater.needsInput(); i++) {
                int n = inflater.inflate(chunk);
                out.write(chunk, 0, n);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("Not a deflate stream", e);
        }
        return out.toByteArray();
    }
}
