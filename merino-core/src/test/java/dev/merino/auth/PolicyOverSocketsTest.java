package dev.merino.auth;

import static dev.merino.auth.AuthClient.basic;
import static dev.merino.auth.AuthClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.testing.TestServers;
import dev.merino.websocket.WebSocket;
import dev.merino.websocket.WebSocketMessage;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyOverSocketsTest {
    private static final String API_KEY = AuthSecrets.remember("k-" + System.nanoTime());
    private static final Map<String, Identity> USERS = Map.of(
            "alice", new Identity("alice", Map.of("tenant", "other"), Set.of("user"), "Basic"),
            "bob", new Identity("bob", Map.of("tenant", "acme"), Set.of("user"), "Basic"),
            "root", new Identity("root", Map.of(), Set.of("admin"), "Basic"));
    private static final String PASSWORD = AuthSecrets.remember("pw-" + System.nanoTime());

    private static Server server;
    private static Server openServer;

    @BeforeAll
    static void start() {
        Auth.Builder auth = Auth.builder()
                .scheme(BasicAuthenticator.of("test", (user, password) ->
                        password.equals(PASSWORD) ? Optional.ofNullable(USERS.get(user))
                                : Optional.empty()))
                .scheme(ApiKeyAuthenticator.header("X-Api-Key", ApiKeyAuthenticator.keys(
                        Map.of(API_KEY, Identity.of("robot", "ApiKey", "admin")))))
                .policy(Policy.builder("admins").anyRole("admin").build())
                .policy(Policy.builder("acme").claimEquals("tenant", "acme").build())
                .policy(Policy.builder("tenanted").claimPresent("tenant").build())
                .policy(Policy.builder("polite").requireThat((identity, request) ->
                        request.header("X-Please").isPresent()).build());

        App app = TestServers.app();
        app.filter(auth.defaultPolicy(Policy.AUTHENTICATED).build());
        declareRoutes(app);
        server = TestServers.start(app);

        App open = TestServers.app();
        open.filter(Auth.builder().scheme(BasicAuthenticator.of("test", (user, password) ->
                Optional.empty())).build());
        declareRoutes(open);
        openServer = TestServers.start(open);
    }

    private static void declareRoutes(App app) {
        app.get("/default", request -> whoIs(request));
        app.get("/open", Auth.allowAnonymous(), request -> whoIs(request));
        app.get("/authorized", Auth.authorized(), request -> whoIs(request));
        app.get("/admin", Auth.policy("admins"), request -> whoIs(request));
        app.get("/acme", Auth.policy("acme"), request -> whoIs(request));
        app.get("/tenanted", Auth.policy("tenanted"), request -> whoIs(request));
        app.get("/polite", Auth.policy("polite"), request -> whoIs(request));
        app.get("/typo", Auth.policy("admin"), request -> whoIs(request));
        app.ws("/room", Auth.policy("admins"), PolicyOverSocketsTest::echo);
        app.ws("/lobby", PolicyOverSocketsTest::echo);
        app.ws("/square", Auth.allowAnonymous(), PolicyOverSocketsTest::echo);
        app.ws("/acme-room", Auth.policy("acme"), PolicyOverSocketsTest::echo);
    }

    private static void echo(dev.merino.websocket.WebSocketUpgrade upgrade) {
        String name = whoIs(upgrade.request());
        WebSocket socket = upgrade.accept();
        for (WebSocketMessage message : socket) {
            socket.send(name + ": " + message.text());
        }
    }

    private static String whoIs(dev.merino.http.Request request) {
        return Identity.of(request).map(Identity::name).orElse("anonymous");
    }

    @AfterAll
    static void stop() {
        server.stop();
        openServer.stop();
    }

    @Test
    void servesAnonymousRequestToRouteThatAllowsAnonymous() throws Exception {
        HttpResponse<String> response = get(server, "/open");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("anonymous");
    }

    @Test
    void allowAnonymousStillSeesTheIdentityOfAnAuthenticatedRequest() throws Exception {
        HttpResponse<String> response = get(server, "/open",
                "Authorization", basic("alice", PASSWORD));

        assertThat(response.body()).isEqualTo("alice");
    }

    @Test
    void ignoresAnInvalidCredentialOnARouteThatAllowsAnonymous() throws Exception {
        HttpResponse<String> response = get(server, "/open",
                "Authorization", basic("alice", "wrong-" + PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("anonymous");
    }

    @Test
    void refusesAnonymousRequestUnderDefaultPolicyWith401AndOneChallengePerScheme()
            throws Exception {
        HttpResponse<String> response = get(server, "/default");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(
                "Basic realm=\"test\", charset=\"UTF-8\"",
                "ApiKey realm=\"api\", in=\"header\", name=\"X-Api-Key\"");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":401")
                .contains("Authentication is required.");
    }

    @Test
    void servesAuthenticatedRequestUnderDefaultPolicy() throws Exception {
        assertThat(get(server, "/default", "Authorization", basic("alice", PASSWORD)).body())
                .isEqualTo("alice");
        assertThat(get(server, "/default", "X-Api-Key", API_KEY).body()).isEqualTo("robot");
    }

    @Test
    void authorizedRouteRequiresAuthentication() throws Exception {
        assertThat(get(openServer, "/authorized").statusCode()).isEqualTo(401);
        assertThat(get(server, "/authorized", "Authorization", basic("bob", PASSWORD)).body())
                .isEqualTo("bob");
    }

    @Test
    void withoutDefaultPolicyARouteThatDeclaresNothingIsOpen() throws Exception {
        HttpResponse<String> response = get(openServer, "/default");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("anonymous");
    }

    @Test
    void wrongPasswordGets401WithWhyAndNoCredentialInTheBody() throws Exception {
        String header = basic("alice", "not-" + PASSWORD);
        HttpResponse<String> response = get(server, "/default", "Authorization", header);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The user name or password is not valid.")
                .doesNotContain(PASSWORD).doesNotContain(header.substring(6));
    }

    @Test
    void unknownApiKeyGets401WithItsError() throws Exception {
        HttpResponse<String> response = get(server, "/default",
                "X-Api-Key", AuthSecrets.remember("bogus-" + API_KEY));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).contains(
                "ApiKey realm=\"api\", in=\"header\", name=\"X-Api-Key\", error=\"invalid_key\"");
        assertThat(response.body()).doesNotContain(API_KEY);
    }

    @Test
    void requiresARoleAndAnswers403ToAnAuthenticatedUserWithoutIt() throws Exception {
        HttpResponse<String> refused = get(server, "/admin",
                "Authorization", basic("alice", PASSWORD));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(get(server, "/admin", "Authorization", basic("root", PASSWORD)).body())
                .isEqualTo("root");
        assertThat(get(server, "/admin").statusCode()).isEqualTo(401);
    }

    @Test
    void requiresAClaimValue() throws Exception {
        assertThat(get(server, "/acme", "Authorization", basic("alice", PASSWORD)).statusCode())
                .isEqualTo(403);
        assertThat(get(server, "/acme", "Authorization", basic("bob", PASSWORD)).body())
                .isEqualTo("bob");
    }

    @Test
    void requiresAClaimToBePresent() throws Exception {
        assertThat(get(server, "/tenanted", "Authorization", basic("root", PASSWORD))
                .statusCode()).isEqualTo(403);
        assertThat(get(server, "/tenanted", "Authorization", basic("alice", PASSWORD)).body())
                .isEqualTo("alice");
    }

    @Test
    void appliesACustomPredicateOnIdentityAndRequest() throws Exception {
        String alice = basic("alice", PASSWORD);

        assertThat(get(server, "/polite", "Authorization", alice).statusCode()).isEqualTo(403);
        assertThat(get(server, "/polite", "Authorization", alice, "X-Please", "1").body())
                .isEqualTo("alice");
        assertThat(get(server, "/polite", "X-Please", "1").statusCode()).isEqualTo(401);
    }

    @Test
    void refusesToStartARouteWithAnAccessRuleButNoAuthFilter() {
        App app = TestServers.app();
        app.get("/admin", Auth.policy("admins"), request -> "open by mistake");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /admin").hasMessageContaining("no Auth filter");
    }

    @Test
    void leavesUnknownPathsTo404() throws Exception {
        assertThat(get(server, "/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void failsClosedWith500OnAnUnknownPolicyName() throws Exception {
        HttpResponse<String> response = get(server, "/typo",
                "Authorization", basic("root", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("root");
    }

    @Test
    void refusesAnonymousWebSocketUpgradeWith401AndChallengeBeforeAny101() throws Exception {
        AuthClient.Handshake handshake = AuthClient.ws(server, "/room");

        assertThat(handshake.refusal()).isNotNull();
        assertThat(handshake.refusal().statusCode()).isEqualTo(401);
        assertThat(handshake.refusal().headers().allValues("WWW-Authenticate"))
                .contains("Basic realm=\"test\", charset=\"UTF-8\"");
    }

    @Test
    void refusesForbiddenWebSocketUpgradeWith403() throws Exception {
        AuthClient.Handshake handshake = AuthClient.ws(server, "/room",
                "Authorization", basic("alice", PASSWORD));

        assertThat(handshake.refusal()).isNotNull();
        assertThat(handshake.refusal().statusCode()).isEqualTo(403);
    }

    @Test
    void appliesTheDefaultPolicyToAWebSocketRouteThatDeclaresNothing() throws Exception {
        AuthClient.Handshake anonymous = AuthClient.ws(server, "/lobby");

        assertThat(anonymous.refusal().statusCode()).isEqualTo(401);
        assertThat(anonymous.refusal().headers().allValues("WWW-Authenticate")).hasSize(2);
        assertThat(AuthClient.ws(server, "/lobby", "X-Api-Key", API_KEY).echo())
                .isEqualTo("robot: ping");
        assertThat(AuthClient.ws(openServer, "/lobby").echo()).isEqualTo("anonymous: ping");
    }

    @Test
    void allowAnonymousOverridesTheDefaultPolicyOnAWebSocketRoute() throws Exception {
        assertThat(AuthClient.ws(server, "/square").echo()).isEqualTo("anonymous: ping");
    }

    @Test
    void requiresAClaimValueOnAWebSocketRoute() throws Exception {
        assertThat(AuthClient.ws(server, "/acme-room", "Authorization", basic("alice", PASSWORD))
                .refusal().statusCode()).isEqualTo(403);
        assertThat(AuthClient.ws(server, "/acme-room", "Authorization", basic("bob", PASSWORD))
                .echo()).isEqualTo("bob: ping");
        AuthClient.Handshake anonymous = AuthClient.ws(server, "/acme-room");
        assertThat(anonymous.refusal().statusCode()).isEqualTo(401);
        assertThat(anonymous.refusal().headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
    }

    @Test
    void acceptsAllowedWebSocketUpgradeWithTheIdentity() throws Exception {
        AuthClient.Handshake handshake = AuthClient.ws(server, "/room",
                "Authorization", basic("root", PASSWORD));

        assertThat(handshake.refusal()).isNull();
        assertThat(handshake.echo()).isEqualTo("root: ping");
    }
}
