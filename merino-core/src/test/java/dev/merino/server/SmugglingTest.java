package dev.merino.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.RouteOptions;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.TestServers;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests whose framing a proxy in front could read differently: each is refused, the
 * connection closes, and the request hidden behind it never reaches a handler.
 */
class SmugglingTest {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger smuggled = new AtomicInteger();
    private Server server;

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.post("/", request -> {
            handled.incrementAndGet();
            return "read " + request.body().length;
        });
        app.get("/", request -> {
            handled.incrementAndGet();
            return "home";
        });
        app.post("/loop", RouteOptions.defaults().withNonBlocking(true), request -> {
            handled.incrementAndGet();
            return "read " + request.body().length;
        });
        app.get("/smuggled", request -> {
            smuggled.incrementAndGet();
            return "smuggled";
        });
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /**
     * Sends the head, a body of "0\r\n\r\n" (a last chunk, or five bytes) and a request behind
     * it; asserts the refusal, the close, and that neither request ran.
     */
    private void assertRefused(String head, int status) {
        RawResponse response = send(head + "\r\n0\r\n\r\n" + SMUGGLED);

        assertThat(response.status()).as(head).isEqualTo(status);
        assertThat(handled).as(head).hasValue(0);
    }

    /** Sends the bytes, asserts a problem response and a close, and no smuggled request. */
    private RawResponse send(String bytes) {
        try (RawClient client = new RawClient(server.port())) {
            client.send(bytes);
            RawResponse response = client.readResponse();

            assertThat(response.header("Content-Type")).as(bytes)
                    .isEqualTo("application/problem+json");
            assertThat(response.header("Connection")).as(bytes).isEqualToIgnoringCase("close");
            assertThat(client.isClosedByServer()).as(bytes).isTrue();
            assertThat(smuggled).as(bytes).hasValue(0);
            return response;
        }
    }

    @Test
    void servesAnOrdinaryRequestAndTheOneBehindIt() {
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"
                    + SMUGGLED);

            assertThat(client.readResponse().text()).isEqualTo("read 5");
            assertThat(client.readResponse().text()).isEqualTo("smuggled");
        }
        assertThat(smuggled).hasValue(1);
    }

    @Test
    void acceptsTabsObsTextAndAnEmptyLineBeforeTheRequest() {
        try (RawClient client = new RawClient(server.port())) {
            // RFC 9112 section 2.2: a server ignores at least one empty line before a request.
            client.send("\r\nPOST / HTTP/1.1\r\nHost:\tx\t\r\nX-Value: caf\u00e9\tau lait\r\n"
                    + "Content-Length:\t5\r\n\r\n0\r\n\r\n\r\n" + SMUGGLED);

            assertThat(client.readResponse().text()).isEqualTo("read 5");
            assertThat(client.readResponse().text()).isEqualTo("smuggled");
        }
    }

    @Test
    void refusesContentLengthWithTransferEncoding() {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 40\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Transfer-Encoding: gzip, chunked\r\n", 400);
    }

    @Test
    void refusesTwoDifferentContentLengths() {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Content-Length: 6\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Content-Length: 5\r\n", 400);
    }

    @Test
    void refusesTwoContentLengthsInHttp10() {
        assertRefused("POST / HTTP/1.0\r\nContent-Length: 5\r\nContent-Length: 40\r\n", 400);
        assertRefused("POST / HTTP/1.0\r\nContent-Length: 40\r\nContent-Length: 5\r\n", 400);
    }

    @Test
    void refusesAContentLengthList() {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5,5\r\n", 400);
        assertRefused("POST / HTTP/1.0\r\nContent-Length: 5, 40\r\n", 400);
    }

    @Test
    void refusesASignedOrNonNumericContentLength() {
        for (String value : List.of("+5", "-5", "-0", "5x", "0x5", "5 5", "5.0", "five", "",
                "99999999999999999999", "\u00b2")) {
            assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + value + "\r\n", 400);
        }
    }

    @Test
    void refusesAnUnknownTransferCoding() {
        for (String value : List.of("foo", "gzip", "xchunked", "chunkedx", "identity", "")) {
            assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + value + "\r\n",
                    400);
        }
    }

    @Test
    void refusesChunkedFollowedByAnotherCoding() {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n",
                400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: identity\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n",
                400);
    }

    @Test
    void answersACodingBeforeChunkedWith501() {
        // RFC 9112 section 6.1: a well-formed coding the server does not implement is 501.
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n", 501);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n"
                + "Transfer-Encoding: chunked\r\n", 501);
    }

    @Test
    void refusesTransferEncodingInHttp10() {
        assertRefused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n", 400);
    }

    @Test
    void refusesWhitespaceBetweenAHeaderNameAndItsColon() {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding\t: chunked\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n", 400);
    }

    @Test
    void refusesAnObsFoldedHeader() {
        // RFC 9112 section 5.2: a server either refuses obs-fold or unfolds it; a proxy in
        // front may have done neither, so Merino refuses.
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-Folded: a\r\n b\r\n",
                400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-Folded: a\r\n\tb\r\n",
                400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n , chunked\r\n",
                400);
    }

    @Test
    void refusesWhitespaceBeforeTheFirstHeader() {
        // RFC 9112 section 2.2: the line could be taken for a field or for part of the start.
        assertRefused("POST / HTTP/1.1\r\n Content-Length: 40\r\nHost: x\r\n"
                + "Content-Length: 5\r\n", 400);
    }

    @Test
    void refusesADuplicateOrMissingHostInHttp11() {
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 5\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nHost: a\r\nContent-Length: 5\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nContent-Length: 5\r\n", 400);
    }

    @Test
    void acceptsHttp10WithoutHost() {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(client.readResponse().text()).isEqualTo("home");
        }
    }

    @Test
    void refusesABadChunkSizeLine() {
        for (String line : List.of("zz", "-1", "+5", "0x5", "5 x", "", " 5", "5\u000b",
                "fffffffffffff", "5;a=\u0001")) {
            String request = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + line + "\r\nhello\r\n0\r\n\r\n" + SMUGGLED;
            RawResponse response = send(request);

            assertThat(response.status()).as(line).isEqualTo(400);
        }
    }

    @Test
    void refusesABadChunkSizeLineForANonBlockingRoute() {
        RawResponse response = send("POST /loop HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n" + SMUGGLED);

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void refusesAChunkNotEndedByCrLf() {
        RawResponse response = send("POST / HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n" + SMUGGLED);

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void refusesABareLfEndingALineOfTheHead() {
        assertRefused("POST / HTTP/1.1\nHost: x\r\nContent-Length: 5\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\nContent-Length: 5\r\n", 400);
        assertThat(send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\n0\r\n\r\n"
                + SMUGGLED).status()).isEqualTo(400);
    }

    @Test
    void refusesABareCrInTheHead() {
        // RFC 9112 section 2.2 lets a recipient read a bare CR as SP; a proxy may not.
        assertRefused("POST\r/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n", 400);
        assertRefused("POST /\rHTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\rContent-Length: 40\r\n"
                + "Content-Length: 5\r\n", 400);
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\nContent-Length: 5\r\n", 400);
    }

    @Test
    void refusesOtherControlCharactersInTheRequestLine() {
        assertRefused("POST\u000b/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n", 400);
        assertRefused("POST\f/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n", 400);
        assertRefused("POST /\u0000 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n", 400);
    }
}
