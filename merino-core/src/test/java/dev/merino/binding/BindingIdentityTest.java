package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.auth.AllowAnonymous;
import dev.merino.auth.Auth;
import dev.merino.auth.Authorize;
import dev.merino.auth.BasicAuthenticator;
import dev.merino.auth.Identity;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BindingIdentityTest {
    private Server server;

    @Controller("/who")
    @Authorize
    public static final class Who {
        @Get("/me")
        public String me(Identity identity) {
            return "me " + identity.name();
        }

        @Get("/maybe")
        @AllowAnonymous
        public String maybe(Optional<Identity> identity) {
            return identity.map(Identity::name).orElse("anonymous");
        }
    }

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.filter(Auth.builder()
                .scheme(BasicAuthenticator.of("test", (user, password) ->
                        password.equals("secret") ? Optional.of(Identity.of(user, "Basic"))
                                : Optional.empty()))
                .build());
        app.controller(Who.class);
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void bindsTheAuthenticatedIdentityOfAControllerGuardedByAuthorize() {
        RawResponse me = Requests.get(server, "/who/me", "Authorization: Basic "
                + Base64.getEncoder().encodeToString("ada:secret".getBytes(StandardCharsets.UTF_8)));
        RawResponse refused = Requests.get(server, "/who/me");

        assertThat(me.text()).isEqualTo("me ada");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void bindsAnOptionalIdentityOnAnAnonymousRoute() {
        assertThat(Requests.get(server, "/who/maybe").text()).isEqualTo("anonymous");
    }
}
