package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.testing.JdkWebSocket;
import dev.merino.testing.JdkWebSocket.Closed;
import dev.merino.testing.JdkWebSocket.Text;
import dev.merino.testing.RawWebSocket;
import dev.merino.testing.RawWebSocket.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sending: from other threads, against a slow peer, and JSON both ways. */
class WebSocketSendTest extends SessionTestSupport {

    @Test
    void sendsFromManyThreadsArriveWholeAndInEachThreadsOrder() throws Exception {
        int threads = 8;
        int each = 200;
        app.ws("/fanout", upgrade -> {
            WebSocket socket = upgrade.accept();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        socket.send(thread + ":" + i + ":" + "x".repeat(i % 97));
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
        });
        start();
        JdkWebSocket client = jdk("/fanout");

        Map<Integer, Integer> nextOf = new HashMap<>();
        for (int n = 0; n < threads * each; n++) {
            String[] parts = ((Text) client.next()).text().split(":", -1);
            int thread = Integer.parseInt(parts[0]);
            int index = Integer.parseInt(parts[1]);
            assertThat(index).as("message order of thread %d", thread)
                    .isEqualTo(nextOf.getOrDefault(thread, 0));
            assertThat(parts[2]).isEqualTo("x".repeat(index % 97));
            nextOf.put(thread, index + 1);
        }
        assertThat(nextOf).hasSize(threads).allSatisfy((thread, next) ->
                assertThat(next).isEqualTo(each));
        assertThat(client.awaitClose()).isEqualTo(new Closed(1000, ""));
    }

    @Test
    void aPeerThatDoesNotReadHoldsTheSenderBack() throws Exception {
        int messages = 1024;
        byte[] chunk = new byte[64 * 1024];
        AtomicInteger sent = new AtomicInteger();
        app.ws("/flood", upgrade -> {
            WebSocket socket = upgrade.accept();
            for (int i = 0; i < messages; i++) {
                socket.send(chunk);
                sent.incrementAndGet();
            }
        });
        start();
        RawWebSocket client = raw("/flood");

        // Nothing is read for a while: without backpressure all 64 MiB would be queued in the
        // server's memory and every send would have returned.
        Thread.sleep(1000);
        int sentWhileBlocked = sent.get();
        long received = 0;
        client.setSoTimeout(10_000);
        while (received < (long) messages * chunk.length) {
            Frame frame = client.readFrame();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
            received += frame.payload().length;
        }

        assertThat(sentWhileBlocked).as("sends completed while the peer read nothing")
                .isLessThan(messages / 4);
        assertThat(received).isEqualTo((long) messages * chunk.length);
        assertThat(client.readFrame().closeCode()).isEqualTo(1000);
        assertThat(sent.get()).isEqualTo(messages);
    }

    /** A greeting, as JSON on the wire. */
    record Greeting(String name, int times) {
    }

    @Test
    void jsonRoundTripsAndMalformedJsonClosesWith1007() throws Exception {
        app.ws("/json", upgrade -> {
            WebSocket socket = upgrade.accept();
            for (Greeting greeting; (greeting = socket.receiveJson(Greeting.class)) != null; ) {
                socket.sendJson(new Greeting(greeting.name().toUpperCase(), greeting.times() + 1));
            }
        });
        start();
        JdkWebSocket client = jdk("/json");

        client.send("{\"name\":\"ada\",\"times\":1}");
        assertThat(client.next()).isEqualTo(new Text("{\"name\":\"ADA\",\"times\":2}"));
        client.send("{\"name\":");
        Closed closed = client.awaitClose();

        assertThat(closed.code()).isEqualTo(1007);
        assertThat(closed.reason()).isEqualTo("The message is not JSON of the expected shape");
    }

    @Test
    void receiveWithATimeoutReturnsNullWhenNothingCame() throws Exception {
        app.ws("/wait", upgrade -> {
            WebSocket socket = upgrade.accept();
            seen.add(String.valueOf(socket.receive(Duration.ofMillis(100))));
            WebSocketMessage message = socket.receive(Duration.ofSeconds(5));
            seen.add(message == null ? "null" : message.text());
        });
        start();
        JdkWebSocket client = jdk("/wait");

        assertThat(nextSeen()).isEqualTo("null");
        client.send("late");
        assertThat(nextSeen()).isEqualTo("late");
        assertThat(client.awaitClose()).isEqualTo(new Closed(1000, ""));
        assertThat(seen.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }
}
