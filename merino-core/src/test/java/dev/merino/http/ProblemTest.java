package dev.merino.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static Map<String, Object> ordered(int count) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put("member" + i, i);
        }
        return map;
    }

    @Test
    void extensionsKeepTheirOrderAfterTheStandardMembers() {
        Problem problem = new Problem(null, "Invalid", 422, "d", "/x", ordered(20));

        List<String> expected = new ArrayList<>(List.of("type", "title", "status", "detail",
                "instance"));
        expected.addAll(ordered(20).keySet());
        assertThat(new ArrayList<>(problem.toMap().keySet())).isEqualTo(expected);
    }

    @Test
    void withExtensionAppendsInOrder() {
        Problem problem = new Problem(null, "Invalid", 422, null, null, null)
                .withExtension("b", 1).withExtension("a", 2);

        assertThat(new ArrayList<>(problem.extensions().keySet())).containsExactly("b", "a");
    }

    @Test
    void httpExceptionExtensionsKeepTheirOrder() {
        HttpException exception = new HttpException(Status.CONFLICT, "d", Headers.empty(),
                ordered(20), null);

        assertThat(new ArrayList<>(exception.toProblem("/x").extensions().keySet()))
                .isEqualTo(new ArrayList<>(ordered(20).keySet()));
    }

    @Test
    void extensionMayBeNull() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("hint", null);

        Problem problem = new Problem(null, "Invalid", 422, null, null, extensions);

        assertThat(problem.toMap()).containsEntry("hint", null);
    }
}
