package dev.merino.websocket;

import static dev.merino.testing.RawWebSocket.CONTINUATION;
import static dev.merino.testing.RawWebSocket.PING;
import static dev.merino.testing.RawWebSocket.RSV1;
import static dev.merino.testing.RawWebSocket.RSV2;
import static dev.merino.testing.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.testing.RawWebSocket;
import dev.merino.testing.RawWebSocket.Frame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate (RFC 7692): what the server answers to an offer, messages compressed both
 * ways over a raw socket (a JDK {@link Deflater} with {@code nowrap}, as the RFC's DEFLATE
 * without zlib framing), and the message limit applied after inflation.
 */
class WebSocketCompressionTest extends SessionTestSupport {
    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate";

    /** Reports what the upgrade and the session said about extensions, then echoes. */
    private void reportingEcho(WebSocketOptions options) {
        app.ws("/chat", options, upgrade -> {
            seen.add(upgrade.extensions());
            WebSocket socket = upgrade.accept();
            seen.add(socket.isCompressed());
            for (WebSocketMessage message : socket) {
                socket.send(message.text());
            }
        });
        start();
    }

    /** Returns an extension answer as its name followed by its parameters, in a set. */
    private static Set<String> parts(String header) {
        return header == null ? Set.of() : Arrays.stream(header.split(";"))
                .map(String::trim).collect(Collectors.toSet());
    }

    private static Frame compressed(Deflater deflater, String text) {
        return Frame.of(TEXT, RawWebSocket.deflate(deflater,
                text.getBytes(StandardCharsets.UTF_8))).withRsv(RSV1);
    }

    // Negotiation.

    @Test
    void negotiatesPermessageDeflateWhenOffered() throws Exception {
        reportingEcho(WebSocketOptions.defaults());

        RawWebSocket socket = raw("/chat", DEFLATE + "; client_max_window_bits");

        assertThat(socket.response().header("Sec-WebSocket-Extensions"))
                .isEqualTo("permessage-deflate");
        assertThat(nextSeen()).isEqualTo(List.of("permessage-deflate"));
        assertThat(nextSeen()).isEqualTo(true);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate | permessage-deflate",
        "permessage-deflate; client_max_window_bits=10"
                + " | permessage-deflate; client_max_window_bits=10",
        "permessage-deflate; server_no_context_takeover"
                + " | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover | permessage-deflate",
        "permessage-deflate; server_no_context_takeover; client_max_window_bits=9"
                + " | permessage-deflate; server_no_context_takeover; client_max_window_bits=9",
        "permessage-deflate; server_max_window_bits=10, permessage-deflate"
                + " | permessage-deflate",
        "x-webkit-deflate-frame, permessage-deflate | permessage-deflate"})
    void answersAnOfferWithTheParametersItHonours(String offer, String answer) {
        reportingEcho(WebSocketOptions.defaults());

        RawWebSocket socket = raw("/chat", "Sec-WebSocket-Extensions: " + offer);

        assertThat(parts(socket.response().header("Sec-WebSocket-Extensions")))
                .isEqualTo(parts(answer));
    }

    /**
     * RFC 7692 section 5: an offer with an unknown parameter or an invalid value is declined;
     * the handshake still succeeds, without the extension.
     */
    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; client_max_window_bits=16",
            "permessage-deflate; client_max_window_bits=7",
            "permessage-deflate; client_max_window_bits=abc",
            "permessage-deflate; server_max_window_bits=abc",
            "permessage-deflate; mystery_parameter"})
    void declinesAnOfferItCannotHonour(String offer) throws Exception {
        reportingEcho(WebSocketOptions.defaults());

        RawWebSocket socket = raw("/chat", "Sec-WebSocket-Extensions: " + offer);

        assertThat(socket.response().headers()).doesNotContainKey("sec-websocket-extensions");
        assertThat(nextSeen()).isEqualTo(List.of("permessage-deflate"));
        assertThat(nextSeen()).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-webkit-deflate-frame", "deflate-frame",
            "x-webkit-deflate-frame; no_context_takeover"})
    void neverAcceptsLegacyDeflateFrame(String offer) throws Exception {
        reportingEcho(WebSocketOptions.defaults());

        RawWebSocket socket = raw("/chat", "Sec-WebSocket-Extensions: " + offer);

        assertThat(socket.response().headers()).doesNotContainKey("sec-websocket-extensions");
        assertThat(nextSeen()).isEqualTo(List.of(offer.split(";")[0]));
        assertThat(nextSeen()).isEqualTo(false);
    }

    @Test
    void compressionOffNegotiatesNothingAndRsv1IsAViolation() throws Exception {
        reportingEcho(WebSocketOptions.defaults().withCompression(false));
        RawWebSocket socket = raw("/chat", DEFLATE);

        socket.send(compressed(new Deflater(Deflater.DEFAULT_COMPRESSION, true), "hi"));

        assertThat(socket.response().headers()).doesNotContainKey("sec-websocket-extensions");
        assertThat(nextSeen()).isEqualTo(List.of("permessage-deflate"));
        assertThat(nextSeen()).isEqualTo(false);
        assertThat(onlyClose(socket.readUntilEof(false)).closeCode()).isEqualTo(1002);
    }

    // Compressed messages.

    @Test
    void compressedMessagesRoundTripWithContextTakeover() {
        reportingEcho(WebSocketOptions.defaults());
        RawWebSocket socket = raw("/chat", DEFLATE);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        Inflater inflater = new Inflater(true);
        String text = "the quick brown fox jumps over the lazy dog, ".repeat(20);

        for (int round = 0; round < 3; round++) {
            socket.send(compressed(deflater, text + round));
            Frame echo = socket.readFrame();

            assertThat(echo.opcode()).isEqualTo(TEXT);
            assertThat(echo.rsv()).as("the server compressed its answer").isEqualTo(RSV1);
            assertThat(echo.payload().length).isLessThan(text.length() / 4);
            assertThat(new String(RawWebSocket.inflate(inflater, echo.payload()),
                    StandardCharsets.UTF_8)).isEqualTo(text + round);
        }
    }

    @Test
    void serverNoContextTakeoverMakesEachMessageInflateAlone() {
        reportingEcho(WebSocketOptions.defaults());
        RawWebSocket socket = raw("/chat", DEFLATE + "; server_no_context_takeover");
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        String text = "the same words again and again, ".repeat(10);

        for (int round = 0; round < 3; round++) {
            socket.send(compressed(deflater, text));
            Frame echo = socket.readFrame();

            // A fresh inflater fails on a message that refers back into an earlier one.
            assertThat(new String(RawWebSocket.inflate(new Inflater(true), echo.payload()),
                    StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void compressedMessageInFragmentsIsDelivered() {
        reportingEcho(WebSocketOptions.defaults());
        RawWebSocket socket = raw("/chat", DEFLATE);
        String text = "fragmented and compressed ".repeat(30);
        byte[] deflated = RawWebSocket.deflate(new Deflater(Deflater.DEFAULT_COMPRESSION, true),
                text.getBytes(StandardCharsets.UTF_8));
        int half = deflated.length / 2;

        // RFC 7692 section 6.1: RSV1 on the first frame of the message only.
        socket.sendTogether(
                Frame.of(TEXT, Arrays.copyOf(deflated, half)).withRsv(RSV1).withFin(false),
                Frame.of(CONTINUATION, Arrays.copyOfRange(deflated, half, deflated.length)));

        Frame echo = socket.readFrame();
        assertThat(new String(RawWebSocket.inflate(new Inflater(true), echo.payload()),
                StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void messageOverTheLimitOnlyAfterInflationCloses1009() {
        reportingEcho(WebSocketOptions.defaults().withMaxMessageSize(1024));
        RawWebSocket socket = raw("/chat", DEFLATE);
        Frame bomb = compressed(new Deflater(Deflater.BEST_COMPRESSION, true), "a".repeat(100_000));
        assertThat(bomb.payload().length).isLessThan(1024);

        socket.send(bomb);

        assertClose(onlyClose(socket.readUntilEof(false)), 1009,
                "Message larger than 1024 bytes");
    }

    @Test
    void fragmentsOverTheLimitOnlyTogetherAfterInflationClose1009() {
        reportingEcho(WebSocketOptions.defaults().withMaxMessageSize(1024));
        RawWebSocket socket = raw("/chat", DEFLATE);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        // One message is one deflate stream: only its end loses the 00 00 ff ff of the sync
        // flush (RFC 7692 section 7.2.1), so each fragment inflates to 700 bytes on its own.
        byte[] flushed = RawWebSocket.deflate(deflater, "a".repeat(700)
                .getBytes(StandardCharsets.UTF_8));
        byte[] first = Arrays.copyOf(flushed, flushed.length + 4);
        first[first.length - 2] = (byte) 0xff;
        first[first.length - 1] = (byte) 0xff;
        byte[] second = RawWebSocket.deflate(deflater, "b".repeat(700).getBytes(
                StandardCharsets.UTF_8));

        socket.sendTogether(Frame.of(TEXT, first).withRsv(RSV1).withFin(false),
                Frame.of(CONTINUATION, second));

        assertClose(onlyClose(socket.readUntilEof(false)), 1009,
                "Message larger than 1024 bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {600, 1024})
    void compressedMessageUpToTheLimitIsDelivered(int size) {
        reportingEcho(WebSocketOptions.defaults().withMaxMessageSize(1024));
        RawWebSocket socket = raw("/chat", DEFLATE);
        String text = "z".repeat(size);

        socket.send(compressed(new Deflater(Deflater.DEFAULT_COMPRESSION, true), text));

        Frame echo = socket.readFrame();
        assertThat(echo.opcode()).isEqualTo(TEXT);
        assertThat(new String(RawWebSocket.inflate(new Inflater(true), echo.payload()),
                StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void compressedMessageJustOverTheLimitCloses1009() {
        reportingEcho(WebSocketOptions.defaults().withMaxMessageSize(1024));
        RawWebSocket socket = raw("/chat", DEFLATE);

        socket.send(compressed(new Deflater(Deflater.DEFAULT_COMPRESSION, true),
                "z".repeat(1025)));

        assertClose(onlyClose(socket.readUntilEof(false)), 1009,
                "Message larger than 1024 bytes");
    }

    @Test
    void invalidCompressedDataFailsTheConnection() {
        reportingEcho(WebSocketOptions.defaults());
        RawWebSocket socket = raw("/chat", DEFLATE);

        // A deflate block of the reserved type 11 (RFC 1951 section 3.2.3).
        socket.send(Frame.of(TEXT, new byte[] {(byte) 0xff, (byte) 0xff, 0x00}).withRsv(RSV1));

        assertThat(onlyClose(socket.readUntilEof(false)).closeCode()).isEqualTo(1002);
    }

    @Test
    void otherReservedBitsStayViolationsWhenCompressing() {
        reportingEcho(WebSocketOptions.defaults());
        RawWebSocket rsv2 = raw("/chat", DEFLATE);
        RawWebSocket compressedPing = raw("/chat", DEFLATE);

        rsv2.send(Frame.text("hi").withRsv(RSV2));
        compressedPing.send(Frame.of(PING, new byte[] {1}).withRsv(RSV1));

        assertThat(onlyClose(rsv2.readUntilEof(false)).closeCode()).isEqualTo(1002);
        assertThat(onlyClose(compressedPing.readUntilEof(false)).closeCode()).isEqualTo(1002);
    }
}
