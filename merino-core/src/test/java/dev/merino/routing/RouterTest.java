package dev.merino.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.http.Method;
import dev.merino.http.Request;
import dev.merino.internal.routing.PathPattern;
import dev.merino.internal.routing.Router;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router.Builder<String> builder = Router.builder();

    private RouterTest add(String template) {
        return add(EnumSet.of(Method.GET), template);
    }

    private RouterTest add(Set<Method> methods, String template) {
        builder.add(methods, PathPattern.parse(template), template, methods + " " + template);
        return this;
    }

    private static String[] segments(String path) {
        return path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    }

    private Router.Result<String> match(Method method, String path) {
        return builder.build().match(method, segments(path));
    }

    /** Returns the template of the route that serves GET at the path, or fails. */
    private String found(String path) {
        return found(Method.GET, path);
    }

    private String found(Method method, String path) {
        Router.Result<String> result = match(method, path);
        assertThat(result).as("%s %s", method, path).isInstanceOf(Router.Found.class);
        return ((Router.Found<String>) result).value();
    }

    /** Returns the request a handler would see for a GET of the path. */
    private Request requestFor(String path) {
        Router.Found<String> found = (Router.Found<String>) match(Method.GET, path);
        return Request.builder(Method.GET, path)
                .pathParams(found.params(), found.pattern().template()).build();
    }

    @Test
    void literalWinsOverEveryParameterType() {
        add("/items/{*rest}").add("/items/{s}").add("/items/{u:uuid}").add("/items/{l:long}")
                .add("/items/{i:int}").add("/items/42");

        assertThat(found("/items/42")).isEqualTo("/items/42");
    }

    @Test
    void typedParametersTakePrecedenceIntLongUuidStringCatchAll() {
        add("/items/{*rest}").add("/items/{s}").add("/items/{u:uuid}").add("/items/{l:long}")
                .add("/items/{i:int}");

        assertThat(found("/items/7")).isEqualTo("/items/{i:int}");
        assertThat(found("/items/9999999999")).isEqualTo("/items/{l:long}");
        assertThat(found("/items/123e4567-e89b-12d3-a456-426614174000"))
                .isEqualTo("/items/{u:uuid}");
        assertThat(found("/items/abc")).isEqualTo("/items/{s}");
        assertThat(found("/items/a/b")).isEqualTo("/items/{*rest}");
    }

    @Test
    void intOverflowFallsToTheNextCandidate() {
        add("/n/{v:int}").add("/n/{v:long}").add("/n/{v}");

        assertThat(found("/n/2147483647")).isEqualTo("/n/{v:int}");
        assertThat(found("/n/2147483648")).isEqualTo("/n/{v:long}");
        assertThat(found("/n/-2147483649")).isEqualTo("/n/{v:long}");
        assertThat(found("/n/99999999999999999999")).isEqualTo("/n/{v}");
    }

    @Test
    void intOverflowWithoutOtherCandidateIsMissing() {
        add("/n/{v:int}");

        assertThat(match(Method.GET, "/n/2147483648")).isInstanceOf(Router.Missing.class);
        assertThat(match(Method.GET, "/n/12x")).isInstanceOf(Router.Missing.class);
        assertThat(match(Method.GET, "/n/+5")).isInstanceOf(Router.Missing.class);
    }

    @Test
    void uuidMustBeCanonical() {
        add("/u/{id:uuid}");

        assertThat(match(Method.GET, "/u/1-2-3-4-5")).isInstanceOf(Router.Missing.class);
        assertThat(match(Method.GET, "/u/123e4567e89b12d3a456426614174000"))
                .isInstanceOf(Router.Missing.class);
    }

    @Test
    void convertsTypedParameters() {
        add("/x/{i:int}/{l:long}/{u:uuid}/{s}");
        String uuid = "123e4567-e89b-12d3-a456-426614174000";

        Request request = requestFor("/x/-5/5000000000/" + uuid + "/text");

        assertThat(request.pathParam("i", Integer.class)).isEqualTo(-5);
        assertThat(request.pathParam("l", Long.class)).isEqualTo(5_000_000_000L);
        assertThat(request.pathParam("u", UUID.class)).isEqualTo(UUID.fromString(uuid));
        assertThat(request.pathParam("s", String.class)).isEqualTo("text");
        assertThat(request.pathParam("i")).isEqualTo("-5");
        assertThat(request.route()).hasValue("/x/{i:int}/{l:long}/{u:uuid}/{s}");
    }

    @Test
    void backtracksWhenTheLiteralBranchHasNoRoute() {
        add("/users/new").add("/users/{id}/edit");

        assertThat(found("/users/new/edit")).isEqualTo("/users/{id}/edit");
        assertThat(requestFor("/users/new/edit").pathParam("id")).isEqualTo("new");
    }

    @Test
    void backtracksFromTypedBranchToStringBranch() {
        add("/a/{id:int}/x").add("/a/{name}/y");

        assertThat(found("/a/5/y")).isEqualTo("/a/{name}/y");
        assertThat(requestFor("/a/5/y").pathParam("name")).isEqualTo("5");
        assertThat(found("/a/5/x")).isEqualTo("/a/{id:int}/x");
    }

    @Test
    void backtracksToCatchAll() {
        add("/files/{name}/meta").add("/files/{*rest}");

        assertThat(found("/files/a/b")).isEqualTo("/files/{*rest}");
        assertThat(requestFor("/files/a/b").pathParam("rest")).isEqualTo("a/b");
    }

    @Test
    void backtrackingDropsValuesCapturedOnAbandonedBranches() {
        add("/{a}/{b}/z").add("/{c}/y/{d}");

        Request request = requestFor("/1/y/3");

        assertThat(request.pathParams()).containsExactly(java.util.Map.entry("c", "1"),
                java.util.Map.entry("d", "3"));
    }

    @Test
    void catchAllMatchesEmptyRest() {
        add("/files/{*rest}");

        assertThat(requestFor("/files").pathParam("rest")).isEmpty();
        assertThat(requestFor("/files/").pathParam("rest")).isEmpty();
    }

    @Test
    void catchAllMatchesSeveralSegments() {
        add("/files/{*rest}");

        assertThat(requestFor("/files/a/b/c.txt").pathParam("rest")).isEqualTo("a/b/c.txt");
        assertThat(requestFor("/files/a//b/").pathParam("rest")).isEqualTo("a//b/");
    }

    @Test
    void rootCatchAllMatchesEverything() {
        add("/{*all}");

        assertThat(requestFor("/").pathParam("all")).isEmpty();
        assertThat(requestFor("/x/y").pathParam("all")).isEqualTo("x/y");
    }

    @Test
    void stringParameterDoesNotMatchEmptySegment() {
        add("/users/{id}");

        assertThat(match(Method.GET, "/users/")).isInstanceOf(Router.Missing.class);
    }

    @Test
    void trailingSlashIsADifferentPath() {
        add("/users");

        assertThat(match(Method.GET, "/users/")).isInstanceOf(Router.Missing.class);
    }

    @Test
    void headIsServedByGetUnlessAHeadRouteExists() {
        add("/a").add(EnumSet.of(Method.GET), "/b").add(EnumSet.of(Method.HEAD), "/b");
        builder.add(EnumSet.of(Method.HEAD), PathPattern.parse("/c"), "head /c", "HEAD /c");
        builder.add(EnumSet.of(Method.GET), PathPattern.parse("/c"), "get /c", "GET /c");

        assertThat(found(Method.HEAD, "/a")).isEqualTo("/a");
        assertThat(found(Method.HEAD, "/c")).isEqualTo("head /c");
        assertThat(found(Method.GET, "/c")).isEqualTo("get /c");
    }

    @Test
    void wrongMethodListsAllowedMethods() {
        add(EnumSet.of(Method.GET, Method.PUT), "/doc");

        assertThat(match(Method.DELETE, "/doc")).isEqualTo(new Router.WrongMethod<String>(
                EnumSet.of(Method.GET, Method.HEAD, Method.PUT, Method.OPTIONS)));
    }

    @Test
    void optionsWithoutAnOptionsRouteListsAllowedMethods() {
        add(EnumSet.of(Method.POST), "/doc");

        assertThat(match(Method.OPTIONS, "/doc")).isEqualTo(new Router.Options<String>(
                EnumSet.of(Method.POST, Method.OPTIONS)));
    }

    @Test
    void wrongMethodAllowsTheMethodsOfEveryRouteMatchingThePath() {
        add(EnumSet.of(Method.GET), "/users/new").add(EnumSet.of(Method.POST), "/users/{id}");

        assertThat(match(Method.DELETE, "/users/new")).isEqualTo(new Router.WrongMethod<String>(
                EnumSet.of(Method.GET, Method.HEAD, Method.POST, Method.OPTIONS)));
    }

    @Test
    void postReachesTheParameterRouteBehindALiteralGetRoute() {
        add(EnumSet.of(Method.GET), "/users/new").add(EnumSet.of(Method.POST), "/users/{id}");

        assertThat(found(Method.POST, "/users/new")).isEqualTo("/users/{id}");
    }

    @Test
    void explicitOptionsRouteBehindALiteralRouteWinsOverTheAutomaticAnswer() {
        add(EnumSet.of(Method.GET), "/users/new").add(EnumSet.of(Method.OPTIONS), "/users/{id}");

        assertThat(found(Method.OPTIONS, "/users/new")).isEqualTo("/users/{id}");
    }

    @Test
    void automaticOptionsAllowsTheMethodsOfEveryRouteMatchingThePath() {
        add(EnumSet.of(Method.GET), "/users/new").add(EnumSet.of(Method.DELETE), "/users/{id}");

        assertThat(match(Method.OPTIONS, "/users/new")).isEqualTo(new Router.Options<String>(
                EnumSet.of(Method.GET, Method.HEAD, Method.DELETE, Method.OPTIONS)));
    }

    @Test
    void unknownPathIsMissing() {
        add("/a/b");

        assertThat(match(Method.GET, "/a")).isInstanceOf(Router.Missing.class);
        assertThat(match(Method.GET, "/a/b/c")).isInstanceOf(Router.Missing.class);
        assertThat(match(Method.OPTIONS, "/nothing")).isInstanceOf(Router.Missing.class);
    }

    @Test
    void conflictNamesBothRoutes() {
        builder.add(EnumSet.of(Method.GET), PathPattern.parse("/users/{id}"), "first",
                "GET /users/{id}");

        assertThatThrownBy(() -> builder.add(EnumSet.of(Method.GET, Method.POST),
                PathPattern.parse("/users/{name}"), "second", "GET, POST /users/{name}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Route GET, POST /users/{name} conflicts with GET /users/{id}: both"
                        + " serve GET /users/{name} (as /users/{id})");
    }

    @Test
    void sameShapeWithDifferentMethodsDoesNotConflict() {
        add(EnumSet.of(Method.GET), "/users/{id}").add(EnumSet.of(Method.DELETE), "/users/{x}");

        assertThat(found(Method.DELETE, "/users/1")).isEqualTo("/users/{x}");
    }

    @Test
    void differentTypesAtOnePositionDoNotConflict() {
        add("/v/{id:int}").add("/v/{id:long}").add("/v/{id}");

        assertThat(found("/v/1")).isEqualTo("/v/{id:int}");
    }

    @Test
    void lookupCostDoesNotGrowWithTheNumberOfRoutes() {
        Router<String> small = routes(10);
        Router<String> large = routes(1000);
        String[][] paths = {segments("/r5/items/12/detail"), segments("/r5/items/abc"),
                segments("/r5/missing"), segments("/nothing/here/at/all")};

        for (String[] path : paths) {
            assertThat(large.visits(Method.GET, path))
                    .as(String.join("/", path))
                    .isEqualTo(small.visits(Method.GET, path))
                    .isPositive();
        }
        assertThat(large.match(Method.GET, paths[0])).isInstanceOf(Router.Found.class);
        assertThat(small.match(Method.GET, paths[0])).isInstanceOf(Router.Found.class);
    }

    private static Router<String> routes(int count) {
        Router.Builder<String> many = Router.builder();
        for (int i = 0; i < count; i++) {
            for (String suffix : new String[] {"/items/{id:int}/detail", "/items/{name}", ""}) {
                String template = "/r" + i + suffix;
                many.add(EnumSet.of(Method.GET), PathPattern.parse(template), template,
                        template);
            }
        }
        return many.build();
    }
}
