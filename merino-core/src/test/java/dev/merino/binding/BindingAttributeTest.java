package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BindingAttributeTest {
    private Server server;

    /** What an authentication filter would store. */
    public record User(String name) {
    }

    @Controller("/a")
    public static final class Me {
        @Get("/me")
        public String me(@FromAttribute("identity") User user) {
            return "me " + user.name();
        }

        @Get("/maybe")
        public String maybe(@FromAttribute("identity") Optional<User> user) {
            return user.map(User::name).orElse("anonymous");
        }
    }

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.filter((request, chain) -> {
            request.header("X-User").ifPresent(name ->
                    request.attributes().put("identity", new User(name)));
            return chain.next(request);
        });
        app.controller(Me.class);
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void bindsTheAttributeAFilterSet() {
        assertThat(Requests.get(server, "/a/me", "X-User: ada").text()).isEqualTo("me ada");
        assertThat(Requests.get(server, "/a/maybe", "X-User: bob").text()).isEqualTo("bob");
        assertThat(Requests.get(server, "/a/maybe").text()).isEqualTo("anonymous");
    }

    @Test
    void answersAMissingRequiredAttributeWith500WithoutDetails() {
        var response = Requests.get(server, "/a/me");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).doesNotContain("identity");
    }
}
