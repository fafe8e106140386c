package dev.merino.internal.server;

import dev.merino.http.Headers;
import dev.merino.http.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes a response whose body is in memory, head and body, into one buffer: the status line
 * and the server's own fields are bytes made once, and the application's fields are written
 * as they are. Netty's encoder would first copy them into a header map of its own and then
 * encode every name and value again for each response.
 *
 * <p>The framing follows the same rules as a streamed response's head: Transfer-Encoding is
 * never copied (the message is framed by its length), the server sets Content-Length (a 304
 * keeps the application's, any other bodiless status has none) and Date, and Connection when
 * the connection ends or an HTTP/1.0 client keeps it.
 */
final class FullResponse {
    /** Bodies up to this size are copied behind the head: one small buffer beats two. */
    private static final int COPY_LIMIT = 2048;
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CONTENT_LENGTH = ascii("content-length: ");
    private static final byte[] DATE = ascii("date: ");
    private static final byte[] CLOSE = ascii("connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("connection: keep-alive\r\n");
    private static final byte[] SEPARATOR = ascii(": ");
    private static final byte[] CRLF = ascii("\r\n");

    static {
        for (int code = 100; code < STATUS_LINES.length; code++) {
            STATUS_LINES[code] = ascii("HTTP/1.1 " + code + " " + Status.of(code).reason()
                    + "\r\n");
        }
    }

    private FullResponse() {
    }

    /**
     * Returns the whole message; takes ownership of {@code content}, which is empty for HEAD
     * and bodiless statuses while {@code length} still tells the body's length.
     */
    static ByteBuf encode(ByteBufAllocator alloc, Status status, Headers headers, int length,
            ByteBuf content, boolean keep, boolean http10) {
        boolean setLength = !status.isBodiless();
        boolean appLength = status.code() == 304;
        boolean setConnection = !keep || http10;
        boolean copy = content.readableBytes() <= COPY_LIMIT;
        ByteBuf out = alloc.buffer(160 + headers.size() * 48
                + (copy ? content.readableBytes() : 0));
        try {
            out.writeBytes(STATUS_LINES[status.code()]);
            for (Map.Entry<String, String> field : headers) {
                String name = field.getKey();
                if (skips(name, appLength, setConnection)) {
                    continue;
                }
                ByteBufUtil.writeAscii(out, name);
                out.writeBytes(SEPARATOR);
                // ISO-8859-1, as Netty's encoder writes: obs-text stays one byte. Headers
                // refuses characters above U+00FF, so none is replaced.
                out.writeCharSequence(field.getValue(), StandardCharsets.ISO_8859_1);
                out.writeBytes(CRLF);
            }
            if (setLength) {
                out.writeBytes(CONTENT_LENGTH);
                writeDigits(out, length);
                out.writeBytes(CRLF);
            }
            out.writeBytes(DATE).writeBytes(DateHeader.nowBytes()).writeBytes(CRLF);
            if (!keep) {
                out.writeBytes(CLOSE);
            } else if (http10) {
                out.writeBytes(KEEP_ALIVE);
            }
            out.writeBytes(CRLF);
            if (!copy) {
                // A large body is not copied: the head and the body go out in one gathering write.
                ByteBuf message = alloc.compositeBuffer(2).addComponents(true, out, content);
                content = null;
                return message;
            }
            out.writeBytes(content);
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        } finally {
            if (content != null) {
                content.release();
            }
        }
    }

    private static boolean skips(String name, boolean appLength, boolean setConnection) {
        return switch (name.length()) {
            case 4 -> name.equalsIgnoreCase("date");
            case 10 -> setConnection && name.equalsIgnoreCase("connection");
            case 14 -> !appLength && name.equalsIgnoreCase("content-length");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            default -> false;
        };
    }

    /** Writes a non-negative number in decimal, without making a string of it. */
    static void writeDigits(ByteBuf out, int value) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int at = out.writerIndex() + digits;
        out.ensureWritable(digits);
        out.writerIndex(at);
        do {
            out.setByte(--at, '0' + value % 10);
            value /= 10;
        } while (value > 0);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
