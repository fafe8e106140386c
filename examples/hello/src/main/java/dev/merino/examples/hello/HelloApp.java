package dev.merino.examples.hello;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.ServerConfig;
import dev.merino.auth.Auth;
import dev.merino.auth.BasicAuthenticator;
import dev.merino.auth.Identity;
import dev.merino.auth.Policy;
import dev.merino.http.BadRequest;
import dev.merino.http.Problem;
import dev.merino.http.Response;
import dev.merino.http.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small Merino application: typed routes, JSON in and out, a filter, an exception handler
 * and a protected route. Listens on port 8000, or on the port in the {@code PORT} environment
 * variable.
 *
 * <p>{@code GET /admin/stats} needs HTTP Basic credentials for the user {@code admin} with the
 * password in the {@code HELLO_ADMIN_PASSWORD} environment variable; without that variable no
 * credentials are accepted and the route always answers 401.
 */
public final class HelloApp {

    /** A user as the API shows it. */
    public record User(int id, String name, String email) {
    }

    /** What a client sends to create a user. */
    public record NewUser(String name, String email) {
    }

    /** What the protected route shows. */
    public record Stats(int users, String viewer) {
    }

    /** Thrown when a user id is unknown; the app maps it to a 404 problem. */
    static final class UserNotFound extends RuntimeException {
        final int id;

        UserNotFound(int id) {
            super("user " + id, null, false, false);
            this.id = id;
        }
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
        Map<Integer, User> users = new ConcurrentSkipListMap<>();
        AtomicInteger ids = new AtomicInteger();
        users.put(ids.incrementAndGet(), new User(1, "Ada", "ada@example.com"));

        App app = Merino.app(config);
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
        app.get("/admin/stats", Auth.policy("admins"), request ->
                new Stats(users.size(), Identity.require(request).name()));

        app.get("/", request -> "Hello from Merino!");
        app.get("/hello/{name}", request -> "Hello, " + request.pathParam("name") + "!");
        app.group("/users", group -> group
                .get("", request -> List.copyOf(users.values()))
                .get("/{id:int}", request -> {
                    int id = request.pathParam("id", Integer.class);
                    User user = users.get(id);
                    if (user == null) {
                        throw new UserNotFound(id);
                    }
                    return user;
                })
                .post("", request -> {
                    NewUser input = request.json(NewUser.class);
                    if (input.name() == null || input.name().isBlank()) {
                        throw new BadRequest("'name' is required.");
                    }
                    int id = ids.incrementAndGet();
                    User user = new User(id, input.name(), input.email());
                    users.put(id, user);
                    return Response.json(user).withStatus(Status.CREATED)
                            .withHeader("Location", "/users/" + id);
                }));

        app.exception(UserNotFound.class, (exception, request) -> Response.problem(
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
