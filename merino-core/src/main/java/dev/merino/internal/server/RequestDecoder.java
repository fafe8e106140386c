package dev.merino.internal.server;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, except that a message with both {@code Transfer-Encoding} and
 * {@code Content-Length} keeps both headers, so that {@link HttpConnection} can refuse it
 * (RFC 9112 section 6.3 allows a server to, and a proxy in front may have read the length;
 * refusing is the only answer that cannot be smuggled through).
 */
final class RequestDecoder extends HttpRequestDecoder {

    RequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // Keep Content-Length: the connection rejects the request with 400 and closes.
    }
}
