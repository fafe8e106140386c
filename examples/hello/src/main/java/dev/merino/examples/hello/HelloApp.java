package dev.merino.examples.hello;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.auth.Auth;
import dev.merino.auth.BasicAuthenticator;
import dev.merino.auth.Identity;
import dev.merino.auth.Policy;
import dev.merino.binding.Bind;
import dev.merino.binding.Param;
import dev.merino.http.Problem;
import dev.merino.http.Response;
import dev.merino.validation.BeanValidation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * A small Merino application: a controller whose parameters are bound and validated, a
 * service it receives by constructor, functional routes, a filter, an exception handler and a
 * protected route. Listens on port 8000, or on the port in the {@code PORT} environment
 * variable.
 *
 * <p>{@code GET /admin/stats} needs HTTP Basic credentials for the user {@code admin} with the
 * password in the {@code HELLO_ADMIN_PASSWORD} environment variable; without that variable no
 * credentials are accepted and the route always answers 401.
 */
public final class HelloApp {

    /** What the protected route shows. */
    public record Stats(int users, String viewer) {
    }

    private HelloApp() {
    }

    /** Builds the application with the admin password from {@code HELLO_ADMIN_PASSWORD}. */
    public static App create(ServerConfig config) {
        return create(config, System.getenv("HELLO_ADMIN_PASSWORD"));
    }

    /**
     * Builds the application with the given settings and admin password ({@code null} for
     * none); the tests start it on a free port.
     */
    public static App create(ServerConfig config, String adminPassword) {
        App app = Merino.app(config);
        app.services(services -> services.singleton(UserDirectory.class));
        app.validator(BeanValidation.create());
        app.filter((request, chain) -> {
            long started = System.nanoTime();
            Response response = chain.next(request);
            long micros = (System.nanoTime() - started) / 1000;
            return response.withHeader("X-Response-Time", micros + "us");
        });
        app.filter(Auth.builder()
                .scheme(BasicAuthenticator.of("hello admin", (user, password) ->
                        isAdmin(user, password, adminPassword)
                                ? Optional.of(Identity.of(user, "Basic", "admin"))
                                : Optional.empty()))
                .policy(Policy.builder("admins").anyRole("admin").build())
                .build());
        app.get("/admin/stats", Auth.policy("admins"), Bind.of(
                Param.service(UserDirectory.class), Param.request(),
                (users, request) -> new Stats(users.size(), Identity.require(request).name())));

        app.get("/", request -> "Hello from Merino!");
        app.get("/hello/{name}", request -> "Hello, " + request.pathParam("name") + "!");
        app.controller(UsersController.class);

        app.exception(UserDirectory.UserNotFound.class, (exception, request) -> Response.problem(
                new Problem(null, "User not found", 404, "There is no user " + exception.id
                        + ".", request.path(), Map.of("userId", exception.id))));
        return app;
    }

    private static boolean isAdmin(String user, String password, String adminPassword) {
        // Compared in constant time, so the time taken says nothing about a guess.
        return adminPassword != null && !adminPassword.isEmpty() && user.equals("admin")
                && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                        adminPassword.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts the example. */
    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("PORT", "8000");
        Server server = create(ServerConfig.defaults()).start(Integer.parseInt(port));
        // Ctrl-C or SIGTERM stops gracefully: in-flight requests finish first.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "hello-stop"));
    }
}
