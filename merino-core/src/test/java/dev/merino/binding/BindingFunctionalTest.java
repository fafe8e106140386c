package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BindingFunctionalTest {
    private Server server;

    /** A JSON body. */
    public record Note(String text) {
    }

    /** A service. */
    public static final class Counter {
        int next = 0;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void bindsDeclaredParametersOfFunctionalHandlers() {
        App app = TestServers.app();
        app.services(s -> s.singleton(Counter.class));
        app.get("/f/{id:int}", Bind.of(Param.path("id", int.class),
                Param.query("tag", String.class).list(),
                Param.header("X-Ref", UUID.class).optional(),
                Param.query("page", int.class).orElse("1"),
                Param.service(Counter.class),
                (id, tags, ref, page, counter) -> id + " " + tags + " " + ref.isPresent() + " "
                        + page + " " + (counter != null)));
        app.post("/f", Bind.of(Param.body(Note.class), Param.request(),
                (note, request) -> note.text() + " " + request.path()));
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/f/3?tag=a&tag=b").text())
                .isEqualTo("3 [a, b] false 1 true");
        assertThat(Requests.callWithText(server, "POST", "/f", "{\"text\":\"hi\"}",
                "Content-Type: application/json").text()).isEqualTo("hi /f");
    }

    @Test
    void reportsEveryErrorOfAFunctionalHandlerInOne400() throws Exception {
        App app = TestServers.app();
        app.get("/f", Bind.of(Param.query("a", int.class), Param.cookie("c", String.class),
                (a, c) -> "unreachable"));
        server = TestServers.start(app);

        RawResponse response = Requests.get(server, "/f?a=x");

        assertThat(response.status()).isEqualTo(400);
        assertThat(BindingSourcesTest.errors(response)).containsExactly(
                Map.of("in", "query", "name", "a", "detail", "Expected an integer."),
                Map.of("in", "cookie", "name", "c", "detail", "Required."));
    }

    @Test
    void refusesToStartWhenAFunctionalHandlerNamesAMissingPathParameter() {
        App app = TestServers.app();
        app.get("/f/{id}", Bind.of(Param.path("key", String.class), key -> key));

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("handler of /f/{id} parameter 1 ('key') names the path parameter "
                        + "'key', which the route's template lacks");
    }
}
