package dev.merino.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request model built in memory, as tests of handlers build it. */
class RequestTest {

    @Test
    void builtRequestKeepsPlusInItsPath() {
        Request request = Request.builder(Method.GET, "/a+b/c%20d?x=1+2").build();

        assertThat(request.path()).isEqualTo("/a+b/c d");
        assertThat(request.queryParam("x")).hasValue("1 2");
    }

    @Test
    void builtRequestWithMalformedPathIsRejected() {
        assertThatThrownBy(() -> Request.builder(Method.GET, "/a%zz").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 2");
    }

    @Test
    void parametersParseSplitsOnAmpersandOnly() {
        Parameters parameters = Parameters.parse("a=1;2&b=x=y&=v&c", StandardCharsets.UTF_8);

        assertThat(parameters.all("a")).containsExactly("1;2");
        assertThat(parameters.all("b")).containsExactly("x=y");
        assertThat(parameters.all("")).containsExactly("v");
        assertThat(parameters.all("c")).containsExactly("");
        assertThat(parameters.names()).containsExactly("a", "b", "", "c");
    }

    @Test
    void parametersParseDecodesRawNonAsciiInTheCharset() {
        assertThat(Parameters.parse("n=café", StandardCharsets.UTF_8).all("n"))
                .isEqualTo(List.of("café"));
        assertThat(Parameters.parse("n=caf%E9", StandardCharsets.ISO_8859_1).all("n"))
                .isEqualTo(List.of("café"));
    }

    @Test
    void parametersParseRejectsInvalidUtf8() {
        assertThatThrownBy(() -> Parameters.parse("n=%C3%28", StandardCharsets.UTF_8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void askingForAnIntFromAStringParameterSaysHowToDeclareIt() {
        Request request = Request.builder(Method.GET, "/users/7")
                .pathParams(PathParams.of(new String[] {"id"}, new String[] {"7"},
                        new Object[] {"7"}), "/users/{id}").build();

        assertThatThrownBy(() -> request.pathParam("id", Integer.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path parameter id: is a String (asked for Integer; declare it as"
                        + " {id:int} in the route template)");
        assertThatThrownBy(() -> request.pathParam("nope"))
                .hasMessage("path parameter nope: not in the route (the route has id)");
    }

    @Test
    void askingForATypedValueThatWasNotGivenNamesTheParameter() {
        Request request = Request.builder(Method.GET, "/users/7")
                .pathParams(PathParams.of(new String[] {"id"}, new String[] {"7"},
                        new Object[] {null}), "/users/{id:int}").build();

        assertThatThrownBy(() -> request.pathParam("id", Integer.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path parameter id: has no typed value (asked for Integer)");
        assertThat(request.pathParam("id")).isEqualTo("7");
    }

    @Test
    void attributesAreSharedByCopies() {
        Request request = Request.builder(Method.GET, "/").build();
        Request copy = request.withHeader("X-A", "1");

        copy.attributes().put("user", "ada");

        assertThat(request.attribute("user", String.class)).hasValue("ada");
        assertThat(copy.header("x-a")).hasValue("1");
        assertThat(request.header("x-a")).isEmpty();
    }

    @Test
    void toStringLeavesOutQueryAndHeaders() {
        Request request = Request.builder(Method.GET, "/p?token=secret")
                .headers(Headers.of("Authorization", "Bearer secret")).build();

        assertThat(request.toString()).isEqualTo("Request[GET /p]");
    }
}
