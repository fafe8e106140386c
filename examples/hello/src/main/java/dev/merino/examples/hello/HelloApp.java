package dev.merino.examples.hello;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.ServerConfig;
import dev.merino.http.Problem;
import dev.merino.http.Response;
import dev.merino.validation.BeanValidation;
import java.util.Map;

/**
 * A small Merino application: a controller whose parameters are bound and validated, a
 * service it receives by constructor, functional routes, a filter and an exception handler.
 * Listens on port 8000, or on the port in the {@code PORT} environment variable.
 */
public final class HelloApp {

    private HelloApp() {
    }

    /** Builds the application with the given settings; the tests start it on a free port. */
    public static App create(ServerConfig config) {
        App app = Merino.app(config);
        app.services(services -> services.singleton(UserDirectory.class));
        app.validator(BeanValidation.create());
        app.filter((request, chain) -> {
            long started = System.nanoTime();
            Response response = chain.next(request);
            long micros = (System.nanoTime() - started) / 1000;
            return response.withHeader("X-Response-Time", micros + "us");
        });

        app.get("/", request -> "Hello from Merino!");
        app.get("/hello/{name}", request -> "Hello, " + request.pathParam("name") + "!");
        app.controller(UsersController.class);

        app.exception(UserDirectory.UserNotFound.class, (exception, request) -> Response.problem(
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
