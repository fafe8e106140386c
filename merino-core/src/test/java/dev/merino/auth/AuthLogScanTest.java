package dev.merino.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.merino.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class of the module and looks for each credential the auth tests
 * sent (passwords, keys, tokens, key material) in everything they logged.
 */
@Order(Integer.MAX_VALUE)
public class AuthLogScanTest {

    @Test
    void noCredentialTheAuthTestsUsedAppearsInTheLogs() {
        List<String> secrets = List.copyOf(AuthSecrets.all());
        assumeFalse(secrets.isEmpty(), "runs after the auth tests, which remember their secrets");
        String logs = LogCapture.renderAll();

        assertThat(LogCapture.events()).as("auth log lines to scan")
                .anyMatch(e -> e.getLoggerName().startsWith("dev.merino.auth"));
        for (int i = 0; i < secrets.size(); i++) {
            // The secret itself stays out of the failure message too.
            assertThat(logs.contains(secrets.get(i)))
                    .as("credential #%d of %d found in the captured logs", i + 1, secrets.size())
                    .isFalse();
        }
    }
}
