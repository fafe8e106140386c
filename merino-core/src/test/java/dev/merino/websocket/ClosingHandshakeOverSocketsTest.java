package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.TestServers;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a session's TCP connection ends after the server's Close frame, seen from a plain socket.
 * A server that closes its socket while the peer's bytes are still unread makes the kernel
 * answer with a TCP RST instead of a FIN, and a peer that gets the RST may lose the Close frame
 * (Chromium then reports 1006 instead of the code sent) or report the closing handshake as
 * unclean. So these tests read the Close, answer it as a browser does, and require a clean end
 * of stream.
 */
class ClosingHandshakeOverSocketsTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void oversizedFrameGets1009AndAFinEvenWithItsPayloadUnread() throws Exception {
        App app = TestServers.app();
        app.ws("/small", WebSocketOptions.defaults().withMaxMessageSize(1024),
                upgrade -> upgrade.accept().forEach(message -> { }));
        server = TestServers.start(app);

        try (RawClient client = open("/small")) {
            // 64 KiB: far more than one read takes, so most of it is unread when the server
            // gives up on the frame at its header.
            byte[] big = new byte[64 * 1024];
            Arrays.fill(big, (byte) 'a');
            client.send(ClientFrame.text(big).bytes());

            assertThat(readCloseCode(client)).isEqualTo(1009);
            client.send(ClientFrame.close(1009, "").bytes());
            assertThat(endOfStream(client)).isEqualTo("end of stream");
        }
    }

    @Test
    void binaryToTextOnlyGets1003AndTheClosingHandshakeEndsWithAFin() throws Exception {
        App app = TestServers.app();
        app.ws("/text-only", WebSocketOptions.defaults().withTextOnly(true),
                upgrade -> upgrade.accept().forEach(message -> { }));
        server = TestServers.start(app);

        // The reply races the server's own close; a few rounds make a lost race certain.
        for (int round = 0; round < 20; round++) {
            try (RawClient client = open("/text-only")) {
                client.send(ClientFrame.binary(new byte[] {1, 2, 3}).bytes());

                assertThat(readCloseCode(client)).isEqualTo(1003);
                client.send(ClientFrame.close(1003, "").bytes());
                assertThat(endOfStream(client)).as("round %d", round).isEqualTo("end of stream");
            }
        }
    }

    @Test
    void handlerCloseCompletesWhileReadsArePausedForAFullInbox() throws Exception {
        CountDownLatch paused = new CountDownLatch(1);
        App app = TestServers.app();
        app.ws("/slow", WebSocketOptions.defaults().withCloseTimeout(Duration.ofSeconds(3)),
                upgrade -> {
                    WebSocket socket = upgrade.accept();
                    // Reads nothing, so the inbox fills and the server stops reading the socket.
                    paused.await(5, TimeUnit.SECONDS);
                    socket.close(CloseCode.NORMAL, "done");
                });
        server = TestServers.start(app);

        try (RawClient client = open("/slow")) {
            for (int i = 0; i < 200; i++) {
                client.send(ClientFrame.text("message " + i).bytes());
            }
            Thread.sleep(200);
            paused.countDown();

            assertThat(readCloseCode(client)).isEqualTo(1000);
            long replied = System.nanoTime();
            client.send(ClientFrame.close(1000, "").bytes());
            assertThat(endOfStream(client)).isEqualTo("end of stream");
            // The server read the reply and closed; it did not sit out its 3 s close timeout.
            assertThat(Duration.ofNanos(System.nanoTime() - replied))
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    private RawClient open(String path) {
        RawClient client = new RawClient(server.port());
        client.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n");
        assertThat(client.readResponse().status()).isEqualTo(101);
        return client;
    }

    /** Reads server frames until a Close and returns its code; data frames are skipped. */
    private static int readCloseCode(RawClient client) throws IOException {
        InputStream in = client.socket().getInputStream();
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                throw new IOException("The connection ended before a Close frame");
            }
            long length = second & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = new DataInputStream(in).readLong();
            }
            byte[] payload = in.readNBytes((int) length);
            if ((first & 0x0F) == 0x8) {
                assertThat(payload.length).as("close payload %s",
                        new String(payload, StandardCharsets.UTF_8)).isGreaterThanOrEqualTo(2);
                return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            }
        }
    }

    /** Reads what follows the Close: "end of stream", or what happened instead. */
    private static String endOfStream(RawClient client) {
        try {
            int next = client.socket().getInputStream().read();
            return next == -1 ? "end of stream" : "a byte after the Close: " + next;
        } catch (SocketException e) {
            return "connection reset: " + e.getMessage();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
