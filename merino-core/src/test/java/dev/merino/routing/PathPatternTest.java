package dev.merino.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.internal.routing.PathPattern;
import dev.merino.internal.routing.PathPattern.CatchAll;
import dev.merino.internal.routing.PathPattern.Literal;
import dev.merino.internal.routing.PathPattern.Param;
import dev.merino.internal.routing.PathPattern.Type;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void parsesLiteralsTypedParametersAndCatchAll() {
        PathPattern pattern = PathPattern.parse("/users/{id:int}/files/{*rest}");

        assertThat(pattern.segments()).containsExactly(new Literal("users"),
                new Param("id", Type.INT), new Literal("files"), new CatchAll("rest"));
        assertThat(pattern.paramCount()).isEqualTo(2);
        assertThat(pattern.template()).isEqualTo("/users/{id:int}/files/{*rest}");
    }

    @Test
    void parsesEveryParameterType() {
        assertThat(PathPattern.parse("/{a}/{b:int}/{c:long}/{d:uuid}/{e:string}").segments())
                .containsExactly(new Param("a", Type.STRING), new Param("b", Type.INT),
                        new Param("c", Type.LONG), new Param("d", Type.UUID),
                        new Param("e", Type.STRING));
    }

    @Test
    void rootHasNoSegments() {
        assertThat(PathPattern.parse("/").segments()).isEmpty();
    }

    @Test
    void rejectsUnknownTypeNamingTemplateAndType() {
        assertThatThrownBy(() -> PathPattern.parse("/users/{id:integer}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template '/users/{id:integer}': unknown parameter type"
                        + " 'integer' (expected int, long, uuid or string)");
    }

    @Test
    void rejectsCatchAllThatIsNotLast() {
        assertThatThrownBy(() -> PathPattern.parse("/files/{*rest}/meta"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template '/files/{*rest}/meta': {*rest} must be the last"
                        + " segment");
    }

    @Test
    void rejectsDuplicateParameterNames() {
        assertThatThrownBy(() -> PathPattern.parse("/a/{id}/b/{id:int}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template '/a/{id}/b/{id:int}': parameter 'id' appears twice");
    }

    @Test
    void rejectsDuplicateNameBetweenParameterAndCatchAll() {
        assertThatThrownBy(() -> PathPattern.parse("/{path}/{*path}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 'path' appears twice");
    }

    @Test
    void rejectsParameterAfterLiteralTextInSegment() {
        assertThatThrownBy(() -> PathPattern.parse("/files/v{id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template '/files/v{id}': a parameter must be a whole segment,"
                        + " found 'v{id}'");
    }

    @Test
    void rejectsParameterFollowedByLiteralTextInSegment() {
        assertThatThrownBy(() -> PathPattern.parse("/files/{id}.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template '/files/{id}.json': a parameter must be a whole"
                        + " segment, found '{id}.json'");
    }

    @Test
    void rejectsTwoParametersInOneSegment() {
        assertThatThrownBy(() -> PathPattern.parse("/{a}{b}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template '/{a}{b}': a parameter must be a whole segment,"
                        + " found '{a}{b}'");
    }

    @Test
    void rejectsUnclosedParameter() {
        assertThatThrownBy(() -> PathPattern.parse("/users/{id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template '/users/{id': unclosed parameter '{id'");
    }

    @Test
    void rejectsInvalidParameterNames() {
        assertThatThrownBy(() -> PathPattern.parse("/{1st}"))
                .hasMessageContaining("parameter name '1st'");
        assertThatThrownBy(() -> PathPattern.parse("/{:int}"))
                .hasMessageContaining("parameter name ''");
        assertThatThrownBy(() -> PathPattern.parse("/{*}"))
                .hasMessageContaining("parameter name ''");
    }

    @Test
    void rejectsTemplateWithoutLeadingSlash() {
        assertThatThrownBy(() -> PathPattern.parse("users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route template 'users': expected it to start with '/'");
    }
}
