package dev.merino.examples.hello;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.ServerConfig;
import dev.merino.http.BadRequest;
import dev.merino.http.Problem;
import dev.merino.http.Response;
import dev.merino.http.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small Merino application: typed routes, JSON in and out, a filter and an exception
 * handler. Listens on port 8000, or on the port in the {@code PORT} environment variable.
 */
public final class HelloApp {

    /** A user as the API shows it. */
    public record User(int id, String name, String email) {
    }

    /** What a client sends to create a user. */
    public record NewUser(String name, String email) {
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

    /** Builds the application with the given settings; the tests start it on a free port. */
    public static App create(ServerConfig config) {
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

    /** Starts the example. */
    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("PORT", "8000");
        create(ServerConfig.defaults()).start(Integer.parseInt(port));
    }

}
