package dev.merino.internal.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class LazyMapperTest {

    @Test
    void returnsTheMapperItWasGiven() {
        ObjectMapper mapper = JsonMapper.builder().build();

        assertThat(LazyMapper.of(mapper).get()).isSameAs(mapper);
    }

    @Test
    void buildsTheDefaultMapperOnceForConcurrentCallers() throws Exception {
        LazyMapper lazy = LazyMapper.defaults();
        List<Future<ObjectMapper>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                results.add(threads.submit(lazy::get));
            }
        }

        ObjectMapper first = results.get(0).get();
        for (Future<ObjectMapper> result : results) {
            assertThat(result.get()).isSameAs(first);
        }
        assertThat(first.writeValueAsString(new Point(1, 2))).isEqualTo("{\"x\":1,\"y\":2}");
    }

    record Point(int x, int y) {
    }
}
