package dev.merino.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (paranoid in tests, see the parent POM) reported
 * a leaked buffer during the run so far. Registered for every test class through the service
 * loader; the detector reports a leak when a later allocation finds the lost buffer collected,
 * so this forces collections and allocations before looking.
 */
public final class LeakCheck implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(64);
                probe.release();
            }
        }
        List<ILoggingEvent> leaks = LogCapture.events().stream()
                .filter(e -> e.getLoggerName().contains("ResourceLeakDetector"))
                .toList();
        assertThat(leaks).as("Netty leak reports after %s:%n%s",
                context.getDisplayName(),
                String.join("\n", leaks.stream().map(LogCapture::render).toList()))
                .isEmpty();
    }
}
