package dev.merino.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmokeTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void servesTextOverTheJdkClient() throws Exception {
        App app = TestServers.app();
        app.get("/hello/{name}", request -> "Hello, " + request.pathParam("name") + "!");
        server = TestServers.start(app);

        HttpResponse<String> response = TestServers.client().send(
                HttpRequest.newBuilder(TestServers.base(server).resolve("/hello/World")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello, World!");
        assertThat(response.headers().firstValue("content-type"))
                .hasValue("text/plain; charset=utf-8");
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        App app = TestServers.app();
        app.get("/slow", request -> {
            Thread.sleep(50);
            return "slow";
        });
        app.get("/fast", request -> "fast");
        server = TestServers.start(app);

        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().text()).isEqualTo("slow");
            assertThat(client.readResponse().text()).isEqualTo("fast");
        }
    }
}
