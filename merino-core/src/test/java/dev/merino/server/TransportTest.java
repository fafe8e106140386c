package dev.merino.server;

import static dev.merino.testing.RawRequests.get;
import static dev.merino.testing.RawRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.http.MediaType;
import dev.merino.http.Response;
import dev.merino.http.Status;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive, pipelining, response framing and request targets, over loopback sockets. */
class TransportTest {
    private final App app = TestServers.app();
    private final AtomicInteger requests = new AtomicInteger();
    private Server server;

    /** A JSON response type. */
    record Point(int x, int y) {
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        server = TestServers.startCounting(app, requests);
    }

    @Test
    void servesSeveralRequestsOnOneKeepAliveConnection() {
        app.get("/n/{n}", request -> "n=" + request.pathParam("n"));
        app.post("/echo", request -> request.text());
        start();

        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 3; i++) {
                client.send(get("/n/" + i));
                RawResponse response = client.readResponse();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("n=" + i);
                assertThat(response.header("Connection")).isNull();
                client.send(post("/echo", "body " + i));
                assertThat(client.readResponse().text()).isEqualTo("body " + i);
            }
            assertThat(client.receivedNothingWithin(50)).isTrue();
        }
        assertThat(requests).hasValue(6);
    }

    @Test
    void jdkClientReusesOneConnectionForSequentialRequests() throws Exception {
        app.get("/port", request -> String.valueOf(request.remoteAddress().getPort()));
        start();

        HttpClient client = TestServers.client();
        List<String> ports = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    TestServers.base(server).resolve("/port")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            ports.add(response.body());
        }

        assertThat(ports).hasSize(3).containsOnly(ports.get(0));
    }

    @Test
    void closesAnHttp10ConnectionWithoutKeepAlive() {
        app.get("/a", request -> "a");
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.0\r\n\r\n");
            RawResponse response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("a");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void keepsAnHttp10ConnectionThatAsksForKeepAlive() {
        app.get("/a", request -> "a");
        start();

        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 2; i++) {
                client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawResponse response = client.readResponse();
                assertThat(response.text()).isEqualTo("a");
                assertThat(response.header("Connection")).isEqualToIgnoringCase("keep-alive");
                assertThat(response.header("Content-Length")).isEqualTo("1");
            }
        }
    }

    @Test
    void closesAfterTheResponseWhenTheClientSendsConnectionClose() {
        app.get("/a", request -> "a");
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawResponse response = client.readResponse();

            assertThat(response.text()).isEqualTo("a");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void answersPipelinedRequestsInOrderWhenEarlierHandlersAreSlower() {
        app.get("/sleep/{ms:int}", request -> {
            int millis = request.pathParam("ms", Integer.class);
            Thread.sleep(millis);
            return "slept " + millis;
        });
        app.post("/echo", request -> "echo " + request.text());
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/sleep/200") + post("/echo", "one") + get("/sleep/100")
                    + post("/echo", "two") + get("/sleep/0"));

            assertThat(client.readResponse().text()).isEqualTo("slept 200");
            assertThat(client.readResponse().text()).isEqualTo("echo one");
            assertThat(client.readResponse().text()).isEqualTo("slept 100");
            assertThat(client.readResponse().text()).isEqualTo("echo two");
            RawResponse last = client.readResponse();
            assertThat(last.text()).isEqualTo("slept 0");
            assertThat(last.header("Connection")).isNull();

            client.send(get("/sleep/0"));
            assertThat(client.readResponse().text()).isEqualTo("slept 0");
        }
        assertThat(requests).hasValue(6);
    }

    @Test
    void answersABacklogOfMoreThanSixtyFourPipelinedRequestsInOrder() {
        int count = 300;
        app.get("/n/{n:int}", request -> "n=" + request.pathParam("n"));
        app.post("/echo", request -> request.text());
        start();

        StringBuilder all = new StringBuilder();
        for (int i = 0; i < count; i++) {
            all.append(i % 3 == 0 ? post("/echo", "b" + i) : get("/n/" + i));
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send(all.toString());

            for (int i = 0; i < count; i++) {
                RawResponse response = client.readResponse();
                assertThat(response.status()).as("response %d", i).isEqualTo(200);
                assertThat(response.text()).as("response %d", i)
                        .isEqualTo(i % 3 == 0 ? "b" + i : "n=" + i);
            }
            client.send(get("/n/1"));
            assertThat(client.readResponse().text()).isEqualTo("n=1");
        }
        assertThat(requests).hasValue(count + 1);
    }

    @Test
    void runsPipelinedRequestsQueuedBehindASlowOneInOrderEachOnItsOwnThread() {
        ThreadLocal<String> left = new ThreadLocal<>();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.get("/sleep/{ms:int}", request -> {
            left.set("sleep");
            Thread.sleep(request.pathParam("ms", Integer.class));
            Thread.currentThread().interrupt();
            return "slept";
        });
        app.get("/n/{n:int}", request -> {
            // Neither a thread-local nor an interrupt of an earlier request reaches this one.
            seen.add(left.get() + " " + Thread.currentThread().isInterrupted());
            left.set("n");
            return "n=" + request.pathParam("n");
        });
        start();

        StringBuilder all = new StringBuilder(get("/sleep/300"));
        for (int i = 0; i < 20; i++) {
            all.append(get("/n/" + i));
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send(all.toString());

            assertThat(client.readResponse().text()).isEqualTo("slept");
            for (int i = 0; i < 20; i++) {
                assertThat(client.readResponse().text()).isEqualTo("n=" + i);
            }
        }
        assertThat(seen).hasSize(20).containsOnly("null false");
    }

    @Test
    void doesNotServePipelinedRequestsAfterOneThatClosesTheConnection() {
        app.get("/sleep/{ms:int}", request -> {
            Thread.sleep(request.pathParam("ms", Integer.class));
            return "slept";
        });
        app.get("/n/{n:int}", request -> "n=" + request.pathParam("n"));
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/sleep/200")
                    + "GET /n/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + get("/n/2") + get("/n/3"));

            assertThat(client.readResponse().text()).isEqualTo("slept");
            RawResponse closing = client.readResponse();
            assertThat(closing.text()).isEqualTo("n=1");
            assertThat(closing.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.readToEnd()).isEmpty();
        }
        assertThat(requests).hasValue(2);
    }

    @Test
    void startsNothingPipelinedBehindAnUpgradeRequest() throws Exception {
        app.ws("/echo", upgrade -> {
            dev.merino.websocket.WebSocket socket = upgrade.accept();
            for (dev.merino.websocket.WebSocketMessage message : socket) {
                socket.send(message.text());
            }
        });
        app.get("/n/{n:int}", request -> "n=" + request.pathParam("n"));
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n" + get("/n/1"));
            assertThat(client.readHead().status()).isEqualTo(101);
            client.send(dev.merino.testing.RawWebSocket.Frame.text("hi").encode());

            // The first bytes after the 101 are the echo's frame: FIN and text, two bytes.
            byte[] frame = client.input().readNBytes(4);
            assertThat(frame).containsExactly(0x81, 2, 'h', 'i');
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void answersPipelinedRequestsToEventLoopRoutesInOrderAmongBlockingOnes() {
        int count = 200;
        app.get("/loop/{n:int}", dev.merino.RouteOptions.defaults().withNonBlocking(true),
                request -> "loop " + request.pathParam("n") + " on "
                        + (Thread.currentThread().isVirtual() ? "virtual" : "loop"));
        app.get("/n/{n:int}", request -> "n=" + request.pathParam("n"));
        app.post("/echo", dev.merino.RouteOptions.defaults().withNonBlocking(true),
                request -> request.text());
        start();

        StringBuilder all = new StringBuilder();
        for (int i = 0; i < count; i++) {
            all.append(switch (i % 4) {
                case 0 -> get("/n/" + i);
                case 1 -> post("/echo", "b" + i);
                default -> get("/loop/" + i);
            });
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send(all.toString());

            for (int i = 0; i < count; i++) {
                assertThat(client.readResponse().text()).as("response %d", i)
                        .isEqualTo(switch (i % 4) {
                            case 0 -> "n=" + i;
                            case 1 -> "b" + i;
                            default -> "loop " + i + " on loop";
                        });
            }
            client.send(get("/loop/1"));
            assertThat(client.readResponse().text()).isEqualTo("loop 1 on loop");
        }
        assertThat(requests).hasValue(count + 1);
    }

    @Test
    void headGivesTheHeadersOfGetWithoutABody() {
        app.get("/text", request -> "héllo, world");
        app.get("/json", request -> new Point(1, 2));
        start();

        try (RawClient client = new RawClient(server.port())) {
            for (String target : List.of("/text", "/json")) {
                client.send(get(target));
                RawResponse get = client.readResponse();
                client.send("HEAD " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse head = client.readResponse(true);

                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("Content-Length"))
                        .isEqualTo(String.valueOf(get.body().length));
                assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
            }
            // Had HEAD sent a body, it would be read here as the next response's status line.
            client.send(get("/text"));
            assertThat(client.readResponse().text()).isEqualTo("héllo, world");
        }
    }

    @Test
    void headRefusedByTheTransportGetsNoBodyEither() {
        app.get("/{*path}", request -> "reached");
        start();

        for (String head : List.of("HEAD /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "HEAD / HTTP/1.1\r\n\r\n",
                "HEAD / HTTP/1.1\r\nHost: x\r\nExpect: nothing\r\n\r\n")) {
            try (RawClient client = new RawClient(server.port())) {
                client.send(head);
                RawResponse response = client.readResponse(true);

                assertThat(response.status()).as(head).isIn(400, 417);
                assertThat(response.header("Content-Type")).as(head)
                        .isEqualTo("application/problem+json");
                assertThat(client.readToEnd()).as(head).isEmpty();
            }
        }
    }

    @Test
    void everyResponseCarriesADate() {
        app.get("/ok", request -> "ok");
        app.get("/none", request -> Response.noContent());
        app.get("/fail", request -> {
            throw new IllegalStateException("boom");
        });
        app.get("/stream", request -> Response.stream(MediaType.TEXT_PLAIN,
                out -> out.write('x')));
        start();

        List<String> requestsToSend = List.of(get("/ok"), get("/none"), get("/missing"),
                get("/fail"), get("/stream"), "HEAD /ok HTTP/1.1\r\nHost: x\r\n\r\n",
                "DELETE /ok HTTP/1.1\r\nHost: x\r\n\r\n", "GET /ok HTTP/1.1\r\n\r\n",
                "GET /ok HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n",
                "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        for (String request : requestsToSend) {
            try (RawClient client = new RawClient(server.port())) {
                client.send(request);
                RawResponse response = client.readResponse(request.startsWith("HEAD"));
                String date = response.header("Date");
                // RFC 9110 section 5.6.7: IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
                assertThat(date).as(request).matches(
                        "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4}"
                                + " \\d{2}:\\d{2}:\\d{2} GMT");
                assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME))
                        .as(request).isNotNull();
            }
        }
    }

    @Test
    void contentLengthMatchesTextJsonAndBytesBodies() {
        app.get("/text", request -> "naïve café ☕");
        app.get("/json", request -> new Point(10, -20));
        app.get("/bytes", request -> new byte[] {0, 1, 2, (byte) 0xff, 13, 10});
        app.get("/empty", request -> Response.text(""));
        start();

        try (RawClient client = new RawClient(server.port())) {
            for (String target : List.of("/text", "/json", "/bytes", "/empty")) {
                client.send(get(target));
                RawResponse response = client.readResponse();
                assertThat(response.header("Content-Length")).as(target)
                        .isEqualTo(String.valueOf(response.body().length));
                assertThat(response.header("Transfer-Encoding")).as(target).isNull();
            }
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/text"));
            assertThat(client.readResponse().text()).isEqualTo("naïve café ☕");
            client.send(get("/json"));
            assertThat(client.readResponse().text()).isEqualTo("{\"x\":10,\"y\":-20}");
        }
    }

    @Test
    void framesEveryResponseItselfWhateverFramingHeadersAHandlerSet() {
        app.get("/stream", request -> Response.stream(MediaType.TEXT_PLAIN,
                out -> out.write("0123456789".getBytes(StandardCharsets.UTF_8)))
                .withHeader("Content-Length", "5"));
        app.get("/chunked-text", request -> Response.text("hello")
                .withHeader("Transfer-Encoding", "chunked"));
        app.get("/wrong-length", request -> Response.text("hello")
                .withHeader("Content-Length", "99"));
        app.get("/no-content", request -> Response.noContent().withHeader("Content-Length", "3"));
        app.get("/next", request -> "next");
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/stream") + get("/chunked-text") + get("/wrong-length")
                    + get("/no-content"));

            RawResponse stream = client.readResponse();
            // RFC 9112 section 6.2: never Content-Length next to Transfer-Encoding.
            assertThat(stream.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(stream.header("Content-Length")).isNull();
            assertThat(stream.text()).isEqualTo("0123456789");
            for (int i = 0; i < 2; i++) {
                RawResponse text = client.readResponse();
                assertThat(text.header("Transfer-Encoding")).isNull();
                assertThat(text.headers().get("content-length")).containsExactly("5");
                assertThat(text.text()).isEqualTo("hello");
            }
            // RFC 9110 section 8.6: no Content-Length on a 204.
            assertThat(client.readResponse().header("Content-Length")).isNull();
            client.send(get("/next"));
            assertThat(client.readResponse().text()).isEqualTo("next");
        }
    }

    @Test
    void writesTheApplicationsFieldsAsSetAndOneOfEachFieldTheServerOwns() throws Exception {
        app.get("/fields", request -> Response.text("hi")
                .withHeader("X-Name", "caf\u00e9 au lait")
                .withHeader("Date", "Mon, 01 Jan 2001 00:00:00 GMT")
                .withHeader("Connection", "close"));
        app.get("/plain", request -> "plain");
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/fields"));
            byte[] all = client.readToEnd();
            String head = new String(all, StandardCharsets.ISO_8859_1);

            // obs-text (RFC 9110 section 5.5) goes out as the one byte it is, not as '?'.
            assertThat(head).contains("X-Name: caf\u00e9 au lait\r\n");
            assertThat(head.split("(?i)\r\ndate: ", -1)).hasSize(2);
            assertThat(head).doesNotContain("2001");
            assertThat(head.split("(?i)\r\nconnection: ", -1)).hasSize(2);
            assertThat(head).containsIgnoringCase("\r\nconnection: close\r\n")
                    .endsWith("\r\n\r\nhi");
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /plain HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawResponse kept = client.readResponse();
            assertThat(kept.header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(kept.text()).isEqualTo("plain");
        }
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyAndNoContentLength() {
        app.get("/204", request -> Response.bytes("ignored".getBytes(StandardCharsets.UTF_8),
                MediaType.TEXT_PLAIN).withStatus(Status.NO_CONTENT));
        app.get("/304", request -> Response.text("ignored").withStatus(Status.NOT_MODIFIED)
                .withHeader("ETag", "\"v1\""));
        app.get("/next", request -> "next");
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/204") + get("/304") + get("/next"));

            RawResponse noContent = client.readResponse();
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.header("Content-Length")).isNull();
            assertThat(noContent.header("Transfer-Encoding")).isNull();
            RawResponse notModified = client.readResponse();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.header("ETag")).isEqualTo("\"v1\"");
            assertThat(notModified.header("Content-Length")).isNull();
            // Any body bytes of the two would have been read as this response's status line.
            assertThat(client.readResponse().text()).isEqualTo("next");
        }
    }

    @Test
    void refusesTargetsWithDotSegmentsBadPercentEncodingOrControlCharacters() {
        app.get("/{*path}", request -> "reached " + request.path());
        start();

        List<String> targets = List.of("/a/../b", "/..", "/a/.", "/./a", "/a/%2e%2e/b",
                "/%2E%2E", "/a/%2e", "/%zz", "/a%", "/a%4", "/%C3", "/%ff", "/%00",
                "/a%0Db", "/a%0Ab", "/a%7F", "/a\u0001b", "/a\u007fb", "/a#frag", "a/b");
        for (String target : targets) {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse response = client.readResponse();

                assertThat(response.status()).as(target).isEqualTo(400);
                assertThat(response.header("Content-Type")).as(target)
                        .isEqualTo("application/problem+json");
                assertThat(response.header("Connection")).as(target).isEqualToIgnoringCase("close");
                assertThat(client.isClosedByServer()).as(target).isTrue();
            }
        }
        assertThat(requests).hasValue(0);
        try (RawClient client = new RawClient(server.port())) {
            client.send(get("/a/%2E.x/%41"));
            assertThat(client.readResponse().text()).isEqualTo("reached /a/..x/A");
        }
    }
}
