package dev.merino.auth.jwt;

import dev.merino.auth.AuthLogScanTest;
import org.junit.jupiter.api.Order;

/**
 * Runs after every other test class of this module and looks for the tokens, HMAC secrets and
 * private key material they used in everything they logged.
 */
@Order(Integer.MAX_VALUE)
class JwtLogScanTest extends AuthLogScanTest {
}
