package dev.merino.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class RequestOverSocketsTest {
    private final App app = TestServers.app();
    private Server server;

    /** A JSON body type. */
    record Item(String name, int count) {
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        server = TestServers.start(app);
    }

    @Test
    void queryParametersMayRepeat() {
        app.get("/q", request -> request.query().all("a") + " " + request.queryParam("a").get()
                + " " + request.query().all("missing"));
        start();

        assertThat(Requests.get(server, "/q?a=1&a=2&b=3").text()).isEqualTo("[1, 2] 1 []");
    }

    @Test
    void queryValuesArePercentDecoded() {
        app.get("/q", request -> String.join("|", request.query().all("v")));
        start();

        assertThat(Requests.get(server, "/q?v=a+b&v=c%20d&v=%C3%A9t%C3%A9&v=%2B%26%3D").text())
                .isEqualTo("a b|c d|été|+&=");
    }

    @Test
    void queryNamesWithoutValuesAreEmpty() {
        app.get("/q", request -> request.query().all("flag").equals(List.of("")) + " "
                + request.query().all("empty").equals(List.of("")) + " "
                + request.query().contains("flag") + " " + request.query().names());
        start();

        assertThat(Requests.get(server, "/q?flag&empty=&x=1&&").text())
                .isEqualTo("true true true [flag, empty, x]");
    }

    @Test
    void semicolonIsPartOfAQueryValue() {
        app.get("/q", request -> request.query().asMap().toString());
        start();

        assertThat(Requests.get(server, "/q?q=a;b&x=1").text()).isEqualTo("{q=[a;b], x=[1]}");
    }

    @Test
    void malformedPercentEncodingInQueryIs400() {
        app.get("/q", request -> request.query().all("v").toString());
        start();

        for (String query : List.of("v=%zz", "v=%", "v=%4", "v=%ff", "v=%C3")) {
            RawResponse response = Requests.get(server, "/q?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.text()).as(query)
                    .contains("The query string has a malformed percent-encoding.");
        }
    }

    @Test
    void rawQueryIsKeptAsSent() {
        app.get("/q", request -> request.rawQuery() + " " + request.target());
        start();

        assertThat(Requests.get(server, "/q?a=%20b").text()).isEqualTo("a=%20b /q?a=%20b");
    }

    @Test
    void headersAreCaseInsensitiveAndMultiValued() {
        app.get("/h", request -> request.header("x-token").orElse("none") + " "
                + request.headers().all("X-MULTI") + " " + request.headers().contains("X-TOKEN"));
        start();

        RawResponse response = Requests.get(server, "/h", "X-Token: abc", "X-Multi: 1",
                "x-multi: 2");

        assertThat(response.text()).isEqualTo("abc [1, 2] true");
    }

    @Test
    void readsSeveralCookiesIncludingQuotedOnes() {
        app.get("/c", request -> request.cookies().toString() + " "
                + request.cookie("session").orElse("none"));
        start();

        RawResponse response = Requests.get(server, "/c",
                "Cookie: session=abc123; theme=\"dark\"; lang=en", "Cookie: extra=1");

        assertThat(response.text())
                .isEqualTo("{session=abc123, theme=dark, lang=en, extra=1} abc123");
    }

    @Test
    void noCookiesIsAnEmptyMap() {
        app.get("/c", request -> request.cookies().toString()
                + request.cookie("x").isPresent());
        start();

        assertThat(Requests.get(server, "/c").text()).isEqualTo("{}false");
    }

    @Test
    void remoteAddressIsTheClientSocket() throws Exception {
        app.get("/r", request -> request.remoteAddress().getAddress().getHostAddress() + ":"
                + request.remoteAddress().getPort());
        start();

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /r HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().text())
                    .isEqualTo("127.0.0.1:" + client.socket().getLocalPort());
        }
    }

    @Test
    void bodyAsBytes() {
        app.post("/b", request -> {
            byte[] body = request.body();
            return body.length + ":" + (body[0] & 0xff) + ":" + (body[body.length - 1] & 0xff);
        });
        start();

        RawResponse response = Requests.call(server, "POST", "/b",
                new byte[] {(byte) 0xff, 0, 1, (byte) 0x80});

        assertThat(response.text()).isEqualTo("4:255:128");
    }

    @Test
    void textUsesTheCharsetOfContentType() {
        app.post("/t", request -> request.text());
        start();

        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        RawResponse latin = Requests.call(server, "POST", "/t", latin1,
                "Content-Type: text/plain; charset=ISO-8859-1");
        RawResponse utf8 = Requests.call(server, "POST", "/t",
                "café".getBytes(StandardCharsets.UTF_8), "Content-Type: text/plain");

        assertThat(latin1).hasSize(4);
        assertThat(latin.text()).isEqualTo("café");
        assertThat(utf8.text()).isEqualTo("café");
    }

    @Test
    void jsonIntoARecord() {
        app.post("/j", request -> {
            Item item = request.json(Item.class);
            return item.name() + " x" + item.count();
        });
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j",
                "{\"name\":\"pen\",\"count\":3}", "Content-Type: application/json");

        assertThat(response.text()).isEqualTo("pen x3");
    }

    @Test
    void jsonIntoAGenericList() {
        app.post("/j", request -> {
            List<Item> items = request.json(new TypeReference<List<Item>>() { });
            return items.get(1).getClass().getSimpleName() + " " + items.get(1).name();
        });
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j",
                "[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":2}]",
                "Content-Type: application/json; charset=utf-8");

        assertThat(response.text()).isEqualTo("Item b");
    }

    @Test
    void jsonWithoutContentTypeIsAccepted() {
        app.post("/j", request -> request.json(Item.class).name());
        start();

        assertThat(Requests.callWithText(server, "POST", "/j", "{\"name\":\"x\",\"count\":1}")
                .text()).isEqualTo("x");
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() {
        app.post("/j", request -> request.json(Item.class));
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j",
                "{\n  \"name\": \"pen\",\n  \"count\": 3,,\n}", "Content-Type: application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("\"detail\":\"The body is not valid JSON (line 3,"
                + " column 14).\"");
    }

    @Test
    void jsonOfTheWrongShapeIs400() {
        app.post("/j", request -> request.json(Item.class));
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j",
                "{\"name\":\"pen\",\"count\":\"many\"}", "Content-Type: application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("The JSON body does not match the expected shape")
                .contains("at $.count");
    }

    @Test
    void jsonArrayWhereAnObjectIsExpectedIs400() {
        app.post("/j", request -> request.json(Item.class));
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j", "[1,2]",
                "Content-Type: application/json");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void emptyJsonBodyIs400() {
        app.post("/j", request -> request.json(Item.class));
        start();

        RawResponse response = Requests.call(server, "POST", "/j", new byte[0],
                "Content-Type: application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("the request has none");
    }

    @Test
    void nonJsonContentTypeIs415() {
        app.post("/j", request -> request.json(Item.class));
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j",
                "{\"name\":\"x\",\"count\":1}", "Content-Type: text/plain");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void unparseableContentTypeIs415ForJson() {
        app.post("/j", request -> request.json(Item.class));
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/j",
                "{\"name\":\"x\",\"count\":1}", "Content-Type: not a media type");

        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void urlencodedForm() {
        app.post("/f", request -> {
            Parameters form = request.form();
            return form.all("tag") + " " + form.firstOrNull("name");
        });
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/f",
                "name=Ada+Lovelace&tag=a&tag=b%26c",
                "Content-Type: application/x-www-form-urlencoded");

        assertThat(response.text()).isEqualTo("[a, b&c] Ada Lovelace");
    }

    @Test
    void formInItsDeclaredCharset() {
        app.post("/f", request -> request.form().firstOrNull("name"));
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/f", "name=caf%E9",
                "Content-Type: application/x-www-form-urlencoded; charset=ISO-8859-1");

        assertThat(response.text()).isEqualTo("café");
    }

    @Test
    void formWithOtherContentTypeIs415() {
        app.post("/f", request -> request.form().names());
        start();

        assertThat(Requests.callWithText(server, "POST", "/f", "a=1",
                "Content-Type: application/json").status()).isEqualTo(415);
        assertThat(Requests.callWithText(server, "POST", "/f", "a=1").status()).isEqualTo(415);
    }

    @Test
    void malformedFormIs400() {
        app.post("/f", request -> request.form().names());
        start();

        RawResponse response = Requests.callWithText(server, "POST", "/f", "a=%zz",
                "Content-Type: application/x-www-form-urlencoded");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("The form body has a malformed percent-encoding.");
    }

    @Test
    void bodyStreamReadsALargeChunkedBodyAsItArrives() throws Exception {
        CountDownLatch firstPartRead = new CountDownLatch(1);
        int chunkSize = 64 * 1024;
        int chunks = 80;
        app.post("/upload", request -> {
            CRC32 crc = new CRC32();
            long total = 0;
            byte[] buffer = new byte[8192];
            try (InputStream in = request.bodyStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                    total += n;
                    if (total >= chunkSize) {
                        firstPartRead.countDown();
                    }
                }
            }
            return total + " " + Long.toHexString(crc.getValue());
        });
        start();

        byte[] chunk = new byte[chunkSize];
        CRC32 expected = new CRC32();
        try (RawClient client = new RawClient(server.port(), 30_000)) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < chunks; i++) {
                java.util.Arrays.fill(chunk, (byte) i);
                expected.update(chunk);
                client.send(Integer.toHexString(chunkSize) + "\r\n");
                client.send(chunk);
                client.send("\r\n");
                if (i == 0) {
                    // The handler sees the first chunk before the rest is even sent.
                    assertThat(firstPartRead.await(20, TimeUnit.SECONDS)).isTrue();
                }
            }
            client.send("0\r\n\r\n");

            RawResponse response = client.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo((long) chunkSize * chunks + " "
                    + Long.toHexString(expected.getValue()));
        }
    }

    @Test
    void attributesStartEmpty() {
        app.get("/a", request -> request.attributes().toString());
        start();

        assertThat(Requests.get(server, "/a").text()).isEqualTo(Map.of().toString());
    }
}
