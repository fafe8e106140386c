package dev.merino.internal.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopThreadsTest {

    @Test
    void refusesAJdkOnWhichAThreadWaitingForAMonitorHoldsItsCarrier() {
        assertThatThrownBy(() -> LoopThreads.checkJdk(21))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("need JDK 24 or newer")
                .hasMessageContaining("on JDK 21 it would hold the loop");
        assertThatThrownBy(() -> LoopThreads.checkJdk(23))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptsJdk24AndNewer() {
        assertThatCode(() -> LoopThreads.checkJdk(24)).doesNotThrowAnyException();
        assertThatCode(() -> LoopThreads.checkJdk(25)).doesNotThrowAnyException();
    }
}
