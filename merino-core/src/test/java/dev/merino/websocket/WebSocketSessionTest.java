package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.merino.Merino;
import dev.merino.http.HttpException;
import dev.merino.http.TooManyRequests;
import dev.merino.http.Unauthorized;
import dev.merino.testing.JdkWebSocket;
import dev.merino.testing.JdkWebSocket.Closed;
import dev.merino.testing.JdkWebSocket.Text;
import dev.merino.testing.LogCapture;
import dev.merino.testing.RawWebSocket;
import dev.merino.testing.RawWebSocket.Frame;
import dev.merino.testing.TestServers;
import dev.merino.websocket.CloseStatus.ClosedBy;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session phase (DESIGN.md section 4, second table), for how a session ends: by its
 * handler, by an exception, by the peer, by the connection, by a timer or by a server stop.
 * What the peer sees is checked with the JDK client (close code and reason) and with a raw
 * socket (exactly one Close frame on the wire, and when TCP closes).
 */
class WebSocketSessionTest extends SessionTestSupport {
    private static final Pattern ERROR_ID =
            Pattern.compile("Internal server error \\(error id ([0-9a-f]{16})\\)");

    // The handler ends the session.

    @Test
    void returningClosesWith1000() {
        app.ws("/chat", upgrade -> upgrade.accept().send("hello"));
        start();
        int mark = logMark();

        JdkWebSocket client = jdk("/chat");
        assertThat(client.next()).isEqualTo(new Text("hello"));
        assertThat(client.awaitClose()).isEqualTo(new Closed(1000, ""));

        List<Frame> frames = raw("/chat").readUntilEof(true);
        assertThat(frames).extracting(Frame::opcode)
                .containsExactly(RawWebSocket.TEXT, RawWebSocket.CLOSE);
        assertThat(onlyClose(frames).payload()).containsExactly(0x03, 0xe8);
        assertThat(logged(mark, Level.WARN)).isEmpty();
        assertThat(logged(mark, Level.ERROR)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1003, 1008, 1011, 1014, 3000, 3999, 4000, 4999})
    void closeWithCodeSendsThatCodeAndReason(int code) {
        app.ws("/chat", upgrade -> upgrade.accept().close(CloseCode.of(code), "Game over"));
        start();

        assertThat(jdk("/chat").awaitClose()).isEqualTo(new Closed(code, "Game over"));
        assertClose(onlyClose(raw("/chat").readUntilEof(true)), code, "Game over");
    }

    @Test
    void closeExceptionClosesWithItsCodeAndReason() {
        int mark = logMark();
        app.ws("/chat", upgrade -> {
            upgrade.accept();
            throw new WebSocketCloseException(CloseCode.POLICY_VIOLATION, "No spam.");
        });
        start();

        assertThat(jdk("/chat").awaitClose()).isEqualTo(new Closed(1008, "No spam."));
        assertClose(onlyClose(raw("/chat").readUntilEof(true)), 1008, "No spam.");
        assertThat(logged(mark, Level.WARN)).isEmpty();
        assertThat(logged(mark, Level.ERROR)).isEmpty();
    }

    @Test
    void readingTextOfABinaryMessageCloses1003() {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            socket.send(socket.receive().text());
        });
        start();

        JdkWebSocket client = jdk("/chat").send(new byte[] {1, 2, 3});

        assertThat(client.awaitClose()).isEqualTo(new Closed(1003, "Expected a text message"));
    }

    @ParameterizedTest
    @CsvSource({"400, 4400", "401, 4401", "403, 4403", "404, 4404", "409, 4409", "429, 4429",
            "413, 1009", "503, 1013", "500, 1011", "502, 1011"})
    void httpExceptionAfterAcceptClosesWithItsCode(int status, int code) {
        app.ws("/chat", upgrade -> {
            upgrade.accept();
            throw switch (status) {
                case 401 -> new Unauthorized("Token expired.", "Bearer");
                case 429 -> new TooManyRequests("Token expired.", Duration.ofSeconds(5));
                default -> new HttpException(status, "Token expired.");
            };
        });
        start();
        int mark = logMark();

        Closed closed = jdk("/chat").awaitClose();

        assertThat(closed).isEqualTo(new Closed(code, "Token expired."));
        List<ILoggingEvent> warnings = logged(mark, Level.WARN);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains(Integer.toString(code));
        assertThat(warnings.get(0).getThrowableProxy()).as("a WARN without a trace").isNull();
        assertThat(logged(mark, Level.ERROR)).isEmpty();
    }

    @Test
    void unhandledExceptionCloses1011WithErrorIdLoggedOnceWithTrace() {
        app.ws("/chat", upgrade -> {
            upgrade.accept();
            throw new IllegalStateException("secret internals");
        });
        start();
        int mark = logMark();

        Closed closed = jdk("/chat").awaitClose();

        assertThat(closed.code()).isEqualTo(1011);
        Matcher id = ERROR_ID.matcher(closed.reason());
        assertThat(id.matches()).as("generic reason: %s", closed.reason()).isTrue();
        List<ILoggingEvent> errors = logged(mark, Level.ERROR);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getFormattedMessage()).contains(id.group(1));
        assertThat(errors.get(0).getThrowableProxy().getMessage())
                .isEqualTo("secret internals");
    }

    @Test
    void developmentModeShowsTheExceptionInTheReason() {
        app = Merino.app(TestServers.config().withDevelopment(true));
        app.ws("/chat", upgrade -> {
            upgrade.accept();
            throw new IllegalStateException("details for the developer");
        });
        start();
        int mark = logMark();

        Closed closed = jdk("/chat").awaitClose();

        assertThat(closed.code()).isEqualTo(1011);
        assertThat(closed.reason()).contains("IllegalStateException")
                .contains("details for the developer");
        assertThat(logged(mark, Level.ERROR)).hasSize(1);
    }

    // Exactly one Close: the first close wins.

    @Test
    void secondCloseSendsNothingMore() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            socket.close(CloseCode.application(4001), "first");
            socket.close(CloseCode.application(4002), "second");
            socket.close();
            seen.add(socket.closeStatus().orElseThrow());
        });
        start();

        List<Frame> frames = raw("/chat").readUntilEof(true);

        assertClose(onlyClose(frames), 4001, "first");
        assertThat(frames).hasSize(1);
        assertThat(nextSeen()).isEqualTo(new CloseStatus(CloseCode.application(4001), "first",
                ClosedBy.SERVER));
    }

    @Test
    void closeAfterPeerClosedSendsNothingMoreThanTheEcho() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            while (socket.receive() != null) {
                // Until the peer closes.
            }
            socket.close(CloseCode.application(4003), "late");
            seen.add(socket.closeStatus().orElseThrow());
        });
        start();
        RawWebSocket socket = raw("/chat");

        socket.sendClose(4100, "bye");
        List<Frame> frames = socket.readUntilEof(false);

        // RFC 6455 section 5.5.1: the reply echoes the peer's code.
        assertThat(onlyClose(frames).closeCode()).isEqualTo(4100);
        assertThat(frames).hasSize(1);
        assertThat(nextSeen()).isEqualTo(new CloseStatus(CloseCode.application(4100), "bye",
                ClosedBy.PEER));
    }

    @Test
    void exceptionAfterCloseSendsNothingMoreAndLogsNoError() {
        app.ws("/chat", upgrade -> {
            upgrade.accept().close(CloseCode.application(4001), "done");
            throw new IllegalStateException("too late to matter");
        });
        start();
        int mark = logMark();

        List<Frame> frames = raw("/chat").readUntilEof(true);

        assertClose(onlyClose(frames), 4001, "done");
        assertThat(frames).hasSize(1);
        assertThat(logged(mark, Level.ERROR)).isEmpty();
        assertThat(logged(mark, Level.WARN)).isEmpty();
    }

    @Test
    void sendAfterCloseThrowsWithTheCloseCode() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            socket.close(CloseCode.application(4005), "closing");
            for (Runnable send : List.<Runnable>of(() -> socket.send("late"),
                    () -> socket.send(new byte[1]), () -> socket.sendJson(List.of(1)),
                    () -> socket.ping(new byte[0]))) {
                try {
                    send.run();
                    seen.add("sent");
                } catch (WebSocketClosedException e) {
                    seen.add(e);
                }
            }
        });
        start();

        List<Frame> frames = raw("/chat").readUntilEof(true);

        assertThat(frames).hasSize(1);
        assertClose(onlyClose(frames), 4005, "closing");
        for (int i = 0; i < 4; i++) {
            assertThat(nextSeen()).isInstanceOfSatisfying(WebSocketClosedException.class, e -> {
                assertThat(e.closeCode()).isEqualTo(CloseCode.application(4005));
                assertThat(e.status().closedBy()).isEqualTo(ClosedBy.SERVER);
                assertThat(e.getMessage()).contains("WebSocket is closed").contains("4005");
            });
        }
    }

    @Test
    void sendAfterPeerClosedThrowsWithThePeersCode() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            while (socket.receive() != null) {
                // Until the peer closes.
            }
            try {
                socket.send("late");
            } catch (WebSocketClosedException e) {
                seen.add(e.status());
            }
        });
        start();
        RawWebSocket socket = raw("/chat");

        socket.sendClose(4100, "bye");
        List<Frame> frames = socket.readUntilEof(false);

        assertThat(frames).hasSize(1);
        assertThat(onlyClose(frames).closeCode()).isEqualTo(4100);
        assertThat(nextSeen()).isEqualTo(new CloseStatus(CloseCode.application(4100), "bye",
                ClosedBy.PEER));
    }

    @Test
    void closingWithLocalOnlyCodeFailsAtTheCall() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            for (CloseCode code : List.of(CloseCode.NO_STATUS_RECEIVED,
                    CloseCode.ABNORMAL_CLOSURE)) {
                try {
                    socket.close(code, "never sent");
                } catch (IllegalArgumentException e) {
                    seen.add(code.code());
                }
            }
            seen.add(socket.isOpen());
        });
        start();

        List<Frame> frames = raw("/chat").readUntilEof(true);

        assertThat(List.of(nextSeen(), nextSeen(), nextSeen())).containsExactly(1005, 1006, true);
        assertClose(onlyClose(frames), 1000, "");
    }

    // Reasons are cut to 123 bytes of UTF-8 on a character boundary.

    @ParameterizedTest
    @CsvSource({"é, 100, 61", "€, 50, 41", "😀, 40, 30", "x, 200, 123", "x, 123, 123"})
    void reasonIsCutTo123BytesOnACharacterBoundary(String unit, int times, int kept) {
        app.ws("/chat", upgrade -> upgrade.accept().close(CloseCode.application(4000),
                unit.repeat(times)));
        start();

        Frame close = onlyClose(raw("/chat").readUntilEof(true));

        assertThat(close.reasonBytes()).hasSizeLessThanOrEqualTo(123);
        assertThat(close.reasonBytes()).isEqualTo(unit.repeat(kept)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reasonsFromExceptionsAreCutToo() {
        app.ws("/http", upgrade -> {
            upgrade.accept();
            throw new HttpException(409, "é".repeat(100));
        });
        app.ws("/close", upgrade -> {
            upgrade.accept();
            throw new WebSocketCloseException(CloseCode.application(4321), "😀".repeat(40));
        });
        start();

        assertThat(jdk("/http").awaitClose()).isEqualTo(new Closed(4409, "é".repeat(61)));
        assertThat(jdk("/close").awaitClose()).isEqualTo(new Closed(4321, "😀".repeat(30)));
    }

    // The peer, the connection and the timers.

    @Test
    void peerVanishingWithoutCloseGivesTheHandler1006() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            seen.add("accepted");
            seen.add(socket.receive() == null ? "no message" : "a message");
            seen.add(socket.closeStatus().orElseThrow());
            seen.add(socket.isOpen());
            try {
                socket.send("anyone there?");
            } catch (WebSocketClosedException e) {
                seen.add(e.closeCode());
            }
        });
        start();
        RawWebSocket socket = raw("/chat");
        assertThat(nextSeen()).isEqualTo("accepted");

        socket.close();

        assertThat(nextSeen()).isEqualTo("no message");
        assertThat(nextSeen()).isEqualTo(new CloseStatus(CloseCode.ABNORMAL_CLOSURE, "",
                ClosedBy.CONNECTION));
        assertThat(nextSeen()).isEqualTo(false);
        assertThat(nextSeen()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
    }

    @Test
    void peerResettingTheConnectionGivesTheHandler1006() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            seen.add("accepted");
            socket.receive();
            seen.add(socket.closeStatus().orElseThrow());
        });
        start();
        RawWebSocket socket = raw("/chat");
        assertThat(nextSeen()).isEqualTo("accepted");

        socket.abort();

        assertThat(nextSeen()).isEqualTo(new CloseStatus(CloseCode.ABNORMAL_CLOSURE, "",
                ClosedBy.CONNECTION));
    }

    @Test
    void serverClosesTcpWhenThePeerNeverRepliesToItsClose() {
        app.ws("/chat", WebSocketOptions.defaults().withCloseTimeout(Duration.ofMillis(300)),
                upgrade -> upgrade.accept().close(CloseCode.application(4000), "bye"));
        start();
        // The close timer cannot start before the connection exists.
        long connecting = System.nanoTime();
        RawWebSocket socket = raw("/chat");

        Frame close = socket.readFrame();
        List<Frame> after = socket.readUntilEof(false);

        assertClose(close, 4000, "bye");
        assertThat(after).isEmpty();
        assertThat(Duration.ofNanos(socket.eofNanos() - connecting))
                .as("the server waited for a reply before closing TCP")
                .isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void peersReplyToTheServersCloseEndsTheConnection() {
        app.ws("/chat", WebSocketOptions.defaults().withCloseTimeout(Duration.ofSeconds(60)),
                upgrade -> upgrade.accept().close(CloseCode.application(4000), "bye"));
        start();
        RawWebSocket socket = raw("/chat");

        // Each read waits 5 s at most: far less than the close timeout.
        List<Frame> frames = socket.readUntilEof(true);

        assertClose(onlyClose(frames), 4000, "bye");
    }

    @Test
    void idlePeerIsPingedAndKeptWhileItAnswers() {
        app.ws("/chat", WebSocketOptions.defaults().withPingInterval(Duration.ofMillis(200)),
                SessionTestSupport::echo);
        start();
        RawWebSocket socket = raw("/chat");

        int pings = 0;
        long end = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        while (System.nanoTime() < end) {
            Frame frame;
            try {
                frame = socket.readFrame(Duration.ofMillis(300));
            } catch (UncheckedIOException timeout) {
                continue;
            }
            assertThat(frame).as("the connection is still open").isNotNull();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.PING);
            assertThat(frame.masked()).isFalse();
            pings++;
            socket.send(Frame.of(RawWebSocket.PONG, frame.payload()));
        }
        socket.sendText("still here");

        assertThat(pings).isGreaterThanOrEqualTo(2);
        Frame echo = socket.readFrame();
        while (echo != null && echo.opcode() == RawWebSocket.PING) {
            echo = socket.readFrame();
        }
        assertThat(echo).isNotNull();
        assertThat(echo.text()).isEqualTo("still here");
    }

    @Test
    void silentPeerIsPingedThenDropped() throws Exception {
        app.ws("/chat", WebSocketOptions.defaults().withPingInterval(Duration.ofMillis(200)),
                upgrade -> {
                    WebSocket socket = upgrade.accept();
                    socket.receive();
                    seen.add(socket.closeStatus().orElseThrow());
                });
        start();
        RawWebSocket socket = raw("/chat");

        List<Frame> frames = socket.readUntilEof(false);

        assertThat(frames).isNotEmpty().allMatch(f -> f.opcode() == RawWebSocket.PING);
        assertThat(nextSeen()).isEqualTo(new CloseStatus(CloseCode.ABNORMAL_CLOSURE, "",
                ClosedBy.CONNECTION));
    }

    // Server stop.

    @Test
    void serverStopSends1001ToEverySessionAndLogsOneSummary() throws Exception {
        app.ws("/chat", upgrade -> {
            WebSocket socket = upgrade.accept();
            seen.add("open");
            while (socket.receive() != null) {
                // Until the server stops.
            }
            seen.add(socket.closeStatus().orElseThrow());
        });
        start();
        JdkWebSocket first = jdk("/chat");
        JdkWebSocket second = jdk("/chat");
        RawWebSocket third = raw("/chat");
        assertThat(List.of(nextSeen(), nextSeen(), nextSeen())).containsOnly("open");
        int mark = LogCapture.events().size();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        List<Frame> frames = third.readUntilEof(true);
        stopping.get(10, TimeUnit.SECONDS);

        Closed goingAway = new Closed(1001, "Server shutting down");
        assertThat(first.awaitClose()).isEqualTo(goingAway);
        assertThat(second.awaitClose()).isEqualTo(goingAway);
        assertClose(onlyClose(frames), 1001, "Server shutting down");
        CloseStatus status = new CloseStatus(CloseCode.GOING_AWAY, "Server shutting down",
                ClosedBy.SERVER);
        assertThat(List.of(nextSeen(), nextSeen(), nextSeen())).containsOnly(status);
        List<String> info = LogCapture.events().stream().skip(mark)
                .filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(info.stream().filter(line -> line.contains("WebSocket")))
                .containsExactly("Merino closed 3 WebSocket session(s) with 1001 (going away)");
        assertThat(info).as("every session finished its close handshake before the deadline")
                .noneMatch(line -> line.contains("drain deadline"));
    }
}
