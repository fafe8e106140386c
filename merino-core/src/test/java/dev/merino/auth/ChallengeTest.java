package dev.merino.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.http.TooManyRequests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void quotesAuthParamsAndDropsControlCharacters() {
        assertThat(Authenticator.quoted("a\"b\\c\r\nSet-Cookie: x")).isEqualTo(
                "\"a\\\"b\\\\cSet-Cookie: x\"");
    }

    @Test
    void basicChallengeCannotBeBrokenOutOfByItsRealm() {
        BasicAuthenticator basic = BasicAuthenticator.of("x\", evil=\"1\r\n",
                (user, password) -> Optional.empty());

        assertThat(basic.challenge(null))
                .isEqualTo("Basic realm=\"x\\\", evil=\\\"1\", charset=\"UTF-8\"");
    }

    @Test
    void throttleForgetsExpiredClientsFirstWhenItsTableIsFull() throws Exception {
        MutableClock clock = new MutableClock();
        FailureThrottle throttle = FailureThrottle.of(1, Duration.ofMinutes(1))
                .withMaxClients(2).withClock(clock);
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.3");
        InetAddress c = InetAddress.getByName("127.0.0.4");

        throttle.recordFailure(a);
        clock.advance(Duration.ofSeconds(61));
        throttle.recordFailure(b);
        throttle.recordFailure(c);

        throttle.check(a);
        assertThatThrownBy(() -> throttle.check(b)).isInstanceOf(TooManyRequests.class);
        assertThatThrownBy(() -> throttle.check(c)).isInstanceOf(TooManyRequests.class);
    }

    @Test
    void refusesWeakConfigurations() {
        assertThatThrownBy(() -> SignedCookieAuthenticator.of("session", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> SignedCookieAuthenticator.of("session", new byte[32])
                .withEncryption(new byte[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16, 24");
        assertThatThrownBy(() -> Auth.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schemes");
        assertThatThrownBy(() -> Auth.builder().scheme(ApiKeyAuthenticator.header("X-Key",
                key -> Optional.empty())).defaultPolicy("nope").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope");
    }
}
