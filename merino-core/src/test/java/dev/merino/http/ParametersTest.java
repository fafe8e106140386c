package dev.merino.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void parsesRepeatedNamesInOrderAndDecodesEscapesAndPlus() {
        Parameters parameters = Parameters.parse("b=2&a=1&b=x+y&c=%C3%A9%26&flag&&=v", UTF_8);
        assertThat(parameters.names()).containsExactly("b", "a", "c", "flag", "");
        assertThat(parameters.all("b")).containsExactly("2", "x y");
        assertThat(parameters.first("a")).hasValue("1");
        assertThat(parameters.firstOrNull("c")).isEqualTo("é&");
        assertThat(parameters.first("flag")).hasValue("");
        assertThat(parameters.first("")).hasValue("v");
        assertThat(parameters.first("missing")).isEmpty();
        assertThat(parameters.all("missing")).isEmpty();
    }

    @Test
    void parsedParametersCannotBeChanged() {
        Parameters parameters = Parameters.parse("a=1&a=2&b=3", UTF_8);
        assertThatThrownBy(() -> parameters.all("a").add("4"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> parameters.asMap().put("c", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> parameters.asMap().get("b").set(0, "x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(parameters.asMap()).containsExactly(
                Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("3")));
    }

    @Test
    void emptyTextGivesTheEmptyParameters() {
        assertThat(Parameters.parse("", UTF_8)).isSameAs(Parameters.empty());
        assertThat(Parameters.parse("&&", UTF_8)).isSameAs(Parameters.empty());
    }

    @Test
    void aMalformedEscapeIsRefused() {
        assertThatThrownBy(() -> Parameters.parse("a=%zz", UTF_8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Parameters.parse("a=%C3", UTF_8))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
