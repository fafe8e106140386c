package dev.merino.examples.hello;

import dev.merino.binding.Default;
import dev.merino.binding.FromBody;
import dev.merino.binding.FromQuery;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.controller.Post;
import dev.merino.http.Response;
import dev.merino.http.Status;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/** The {@code /users} routes: parameters bound by declaration, bodies validated. */
@Controller("/users")
public final class UsersController {
    private final UserDirectory users;

    /** What a client sends to create a user. */
    public record NewUser(@NotBlank String name, @NotBlank @Email String email) {
    }

    /** Creates the controller with the directory service, injected at start. */
    public UsersController(UserDirectory users) {
        this.users = users;
    }

    /** Lists users: {@code GET /users?limit=10}. */
    @Get
    public List<UserDirectory.User> list(@FromQuery @Default("100") @Min(1) @Max(1000) int limit) {
        return users.list(limit);
    }

    /** Returns one user, or a 404 problem. */
    @Get("/{id:int}")
    public UserDirectory.User find(int id) {
        return users.find(id);
    }

    /** Creates a user from a JSON body: 201 with its location, or 422 listing violations. */
    @Post
    public Response create(@FromBody @Valid NewUser input) {
        UserDirectory.User user = users.add(input.name(), input.email());
        return Response.json(user).withStatus(Status.CREATED)
                .withHeader("Location", "/users/" + user.id());
    }
}
