package dev.merino.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.http.Method;
import dev.merino.http.Response;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingOverSocketsTest {
    private final App app = TestServers.app();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private Server start() {
        server = TestServers.start(app);
        return server;
    }

    @Test
    void typedParametersReachTheHandlerConverted() {
        app.get("/users/{id:int}", request -> {
            Integer id = request.pathParam("id", Integer.class);
            return "int " + (id + 1);
        });
        app.get("/big/{n:long}", request -> "long " + (request.pathParam("n", Long.class) + 1));
        app.get("/things/{id:uuid}", request -> "uuid "
                + request.pathParam("id", UUID.class).version());
        start();

        assertThat(Requests.get(server, "/users/41").text()).isEqualTo("int 42");
        assertThat(Requests.get(server, "/big/9000000000").text()).isEqualTo("long 9000000001");
        assertThat(Requests.get(server, "/things/123e4567-e89b-12d3-a456-426614174000").text())
                .isEqualTo("uuid 1");
    }

    @Test
    void intParameterAcceptsPrimitiveClass() {
        app.get("/users/{id:int}", request -> "id " + (request.pathParam("id", int.class) * 2));
        start();

        RawResponse response = Requests.get(server, "/users/21");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("id 42");
    }

    @Test
    void intOverflowOverTheWireIs404() {
        app.get("/users/{id:int}", request -> "found");
        start();

        assertThat(Requests.get(server, "/users/2147483648").status()).isEqualTo(404);
    }

    @Test
    void pathParametersArePercentDecoded() {
        app.get("/hello/{name}", request -> request.pathParam("name"));
        app.get("/files/{*rest}", request -> request.pathParam("rest"));
        start();

        assertThat(Requests.get(server, "/hello/J%C3%BCrgen%20K").text()).isEqualTo("Jürgen K");
        assertThat(Requests.get(server, "/hello/a+b").text()).isEqualTo("a+b");
        assertThat(Requests.get(server, "/files/dir/sub%20dir/f.txt").text())
                .isEqualTo("dir/sub dir/f.txt");
    }

    @Test
    void unknownPathIs404ProblemJson() {
        app.get("/known", request -> "known");
        start();

        RawResponse response = Requests.get(server, "/unknown");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"No resource at this path.\","
                + "\"instance\":\"/unknown\"}");
    }

    @Test
    void knownPathWithWrongMethodIs405WithAllow() {
        app.get("/doc", request -> "doc");
        app.put("/doc", request -> "put");
        start();

        RawResponse response = Requests.call(server, "DELETE", "/doc", null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD, PUT, OPTIONS");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("\"status\":405");
    }

    @Test
    void headIsServedByGetWithoutBody() {
        app.get("/doc", request -> Response.text("twelve bytes").withHeader("X-Kind", "doc"));
        start();

        RawResponse response = Requests.call(server, "HEAD", "/doc", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Length")).isEqualTo("12");
        assertThat(response.header("X-Kind")).isEqualTo("doc");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void headHandlerSeesHeadMethod() {
        app.get("/m", request -> Response.ok().withHeader("X-Method", request.method().name()));
        start();

        assertThat(Requests.call(server, "HEAD", "/m", null).header("X-Method"))
                .isEqualTo("HEAD");
    }

    @Test
    void optionsIsAnswered204WithAllow() {
        app.get("/doc", request -> "doc");
        app.post("/doc", request -> "post");
        start();

        RawResponse response = Requests.call(server, "OPTIONS", "/doc", null);

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void explicitOptionsRouteWins() {
        app.get("/doc", request -> "doc");
        app.options("/doc", request -> Response.ok().withHeader("X-Custom", "yes"));
        start();

        RawResponse response = Requests.call(server, "OPTIONS", "/doc", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Custom")).isEqualTo("yes");
        assertThat(response.header("Allow")).isNull();
    }

    @Test
    void optionsOnUnknownPathIs404() {
        app.get("/doc", request -> "doc");
        start();

        assertThat(Requests.call(server, "OPTIONS", "/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void groupsPrefixTheirRoutesAndApplyTheirFilters() {
        app.get("/open", request -> "open");
        app.group("/api", api -> api
                .filter((request, chain) -> chain.next(request).withHeader("X-Group", "api"))
                .get("/users/{id:int}", request -> "user " + request.pathParam("id"))
                .get("", request -> "api root")
                .group("/v2", v2 -> v2
                        .filter((request, chain) -> chain.next(request)
                                .addHeader("X-Group", "v2"))
                        .get("/ping", request -> "pong")));
        start();

        RawResponse user = Requests.get(server, "/api/users/7");
        assertThat(user.text()).isEqualTo("user 7");
        assertThat(user.headers().get("x-group")).containsExactly("api");
        assertThat(Requests.get(server, "/api").text()).isEqualTo("api root");
        RawResponse ping = Requests.get(server, "/api/v2/ping");
        assertThat(ping.text()).isEqualTo("pong");
        assertThat(ping.headers().get("x-group")).containsExactly("api");
        RawResponse open = Requests.get(server, "/open");
        assertThat(open.text()).isEqualTo("open");
        assertThat(open.header("X-Group")).isNull();
    }

    @Test
    void groupPrefixMayHoldParameters() {
        app.group("/orgs/{org}", org -> org.get("/repos/{repo}", request ->
                request.pathParam("org") + "/" + request.pathParam("repo")));
        start();

        assertThat(Requests.get(server, "/orgs/merino/repos/core").text())
                .isEqualTo("merino/core");
    }

    @Test
    void groupRoutePathWithoutLeadingSlashIsRejected() {
        assertThatThrownBy(() -> app.group("/api", api -> api.get("users", request -> "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'users'")
                .hasMessageContaining("expected");
    }

    @Test
    void routeForSeveralMethods() {
        app.route(EnumSet.of(Method.PUT, Method.PATCH), "/doc",
                request -> "changed by " + request.method());
        start();

        assertThat(Requests.callWithText(server, "PUT", "/doc", "x").text())
                .isEqualTo("changed by PUT");
        assertThat(Requests.callWithText(server, "PATCH", "/doc", "x").text())
                .isEqualTo("changed by PATCH");
        RawResponse get = Requests.get(server, "/doc");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("PUT, PATCH, OPTIONS");
    }

    @Test
    void malformedTemplateFailsWhereTheRouteIsDeclared() {
        assertThatThrownBy(() -> app.get("/users/{id:integer}", request -> "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route template '/users/{id:integer}'")
                .hasMessageContaining("unknown parameter type 'integer'");
    }

    @Test
    void conflictingRoutesFailTheStartNamingBoth() {
        app.get("/users/{id}", request -> "a");
        app.route(EnumSet.of(Method.GET, Method.POST), "/users/{name}", request -> "b");

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET, POST /users/{name}")
                .hasMessageContaining("GET /users/{id}");
    }

    @Test
    void encodedSlashIsRefusedWith400RatherThanMatchedAsOneOrTwoSegments() {
        app.get("/a/b", request -> "ab");
        app.get("/{name}", request -> "one segment");
        start();

        // Decoded into one segment, "a/b" would hand a parameter a path separator.
        assertThat(Requests.get(server, "/a%2Fb").status()).isEqualTo(400);
        assertThat(Requests.get(server, "/a%2fb").status()).isEqualTo(400);
    }
}
