package dev.merino.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Netty's request decoder, made stricter where a proxy in front could frame a request
 * differently from it:
 *
 * <ul>
 *   <li>A message with both {@code Transfer-Encoding} and {@code Content-Length} keeps both
 *       headers, so that {@link HttpConnection} can refuse it (RFC 9112 section 6.3 allows a
 *       server to, and a proxy in front may have read the length; refusing is the only answer
 *       that cannot be smuggled through).
 *   <li>A repeated {@code Content-Length} field fails the message in HTTP/1.0 too, where Netty
 *       would keep the first one (RFC 9112 section 6.3: differing lengths are unrecoverable).
 *   <li>The head (request line and fields) must be lines of visible characters, SP and HTAB
 *       ended by CRLF: no obs-fold (RFC 9112 section 5.2), no whitespace before the first field
 *       (section 2.2), no bare CR and no other control character. Netty unfolds obs-fold and
 *       reads a bare CR, VT or FF in the request line as SP, which the RFC allows, but a proxy
 *       that reads them otherwise sees another request.
 *   <li>The version is spelled {@code HTTP/} DIGIT {@code .} DIGIT, with HTTP in capitals: the
 *       HTTP-name is case-sensitive (RFC 9112 section 2.3), and Netty would read
 *       {@code http/1.1} as HTTP/1.1. Another major version decodes, and {@link HttpConnection}
 *       answers it with 505.
 * </ul>
 *
 * <p>A message failed here reaches {@link HttpConnection} with a failed decoder result and is
 * refused with 400; the decoder then discards everything after it, as Netty does after its
 * own failures.
 */
final class RequestDecoder extends HttpRequestDecoder {
    private static final HttpHeadersFactory HEADERS = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new RequestHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new RequestHeaders();
        }
    };

    private final HeadScanner scanner = new HeadScanner();
    private boolean inHead = true;
    private boolean failed;

    RequestDecoder(HttpDecoderConfig config) {
        super(config.clone().setHeadersFactory(HEADERS));
    }

    /** Returns whether the decoder holds bytes of a message it has not emitted yet. */
    boolean holdsBytes() {
        return actualReadableBytes() > 0;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // Keep Content-Length: the connection rejects the request with 400 and closes.
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        if (!initialLine[2].startsWith("HTTP/")) {
            throw new IllegalArgumentException("The HTTP-name is not 'HTTP'.");
        }
        // Netty's strict parse takes exactly one digit on each side of the dot.
        return super.createMessage(initialLine);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
            throws Exception {
        if (failed) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        int start = buffer.readerIndex();
        int emitted = out.size();
        boolean head = inHead;
        super.decode(ctx, buffer, out);

        // Netty returns as soon as a head is complete, so while in a head, what this call
        // consumed is head bytes only: whole lines, never the body after them.
        if (head && buffer.readerIndex() > start) {
            buffer.forEachByte(start, buffer.readerIndex() - start, scanner);
        }
        for (int i = emitted; i < out.size(); i++) {
            if (out.get(i) instanceof HttpMessage message) {
                inHead = false;
                if (scanner.malformed && message.decoderResult().isSuccess()) {
                    message.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(
                            "The request head has obs-fold or a control character.")));
                }
                failed = message.decoderResult().isFailure();
                scanner.malformed = false;
            } else if (out.get(i) instanceof LastHttpContent) {
                inHead = true;
            }
        }
    }

    /** Finds what RFC 9112 sections 2.2 and 5.2 let a server refuse in a head. */
    private static final class HeadScanner implements ByteProcessor {
        private int previous = '\n';
        boolean malformed;

        @Override
        public boolean process(byte value) {
            int c = value & 0xff;
            boolean bareCr = previous == '\r' && c != '\n';
            boolean folded = previous == '\n' && (c == ' ' || c == '\t');
            boolean control = (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
            previous = c;
            if (bareCr || folded || control) {
                malformed = true;
                return false;
            }
            return true;
        }
    }

    /**
     * The decoder's headers: a second Content-Length field fails the message, and the Host
     * fields are counted as they are added, so that the connection checks there is exactly one
     * without listing them.
     */
    static final class RequestHeaders extends DefaultHttpHeaders {
        private int hosts;

        /** Returns how many Host fields the request had. */
        int hostCount() {
            return hosts;
        }

        @Override
        public HttpHeaders add(CharSequence name, Object value) {
            if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                    && contains(HttpHeaderNames.CONTENT_LENGTH)) {
                throw new IllegalArgumentException("Content-Length is repeated.");
            }
            if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
                hosts++;
            }
            return super.add(name, value);
        }

        @Override
        public HttpHeaders add(String name, Object value) {
            return add((CharSequence) name, value);
        }
    }
}
