package dev.merino.auth;

import dev.merino.http.TooManyRequests;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed authentications per client address: after {@code maxFailures} failures within
 * a window, the client's requests to protected routes are answered 429 with
 * {@code Retry-After} until the window that began with its first failure ends.
 *
 * <p>Only requests refused with 401 because a credential was invalid count; requests with no
 * credential do not. The address is the peer's, so behind a proxy every client shares the
 * proxy's address. At most {@code maxClients} addresses are tracked; past that, expired entries
 * are dropped, and if none are, the table starts over.
 *
 * @apiNote Thread-safe; its state lives in memory, per server instance.
 */
public final class FailureThrottle {
    private final int maxFailures;
    private final Duration window;
    private final int maxClients;
    private final Clock clock;
    private final Map<InetAddress, Window> clients = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {
    }

    private FailureThrottle(int maxFailures, Duration window, int maxClients, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures: " + maxFailures + " (expected > 0)");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected > 0)");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients: " + maxClients + " (expected > 0)");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxClients = maxClients;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates a throttle that allows {@code maxFailures} failures per client in a window. */
    public static FailureThrottle of(int maxFailures, Duration window) {
        return new FailureThrottle(maxFailures, window, 10_000, Clock.systemUTC());
    }

    /** Returns a copy that tracks at most this many client addresses. */
    public FailureThrottle withMaxClients(int maxClients) {
        return new FailureThrottle(maxFailures, window, maxClients, clock);
    }

    /** Returns a copy that reads the time from the clock, for tests. */
    public FailureThrottle withClock(Clock clock) {
        return new FailureThrottle(maxFailures, window, maxClients, clock);
    }

    /**
     * Throws if the client had too many failures in its current window.
     *
     * @throws TooManyRequests with the time left in the window
     */
    void check(InetAddress client) {
        Window current = clients.get(client);
        if (current == null || current.failures() < maxFailures) {
            return;
        }
        Duration left = Duration.between(clock.instant(), current.start().plus(window));
        if (left.isNegative() || left.isZero()) {
            clients.remove(client, current);
            return;
        }
        // Rounded up, so a client that waits as told finds the window over.
        long seconds = left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0);
        throw new TooManyRequests("Too many failed authentications; try again later.",
                Duration.ofSeconds(Math.max(1, seconds)));
    }

    /** Counts a failed authentication of the client. */
    void recordFailure(InetAddress client) {
        Instant now = clock.instant();
        if (clients.size() >= maxClients && !clients.containsKey(client)) {
            clients.values().removeIf(w -> !w.start().plus(window).isAfter(now));
            if (clients.size() >= maxClients) {
                clients.clear();
            }
        }
        clients.merge(client, new Window(now, 1), (old, fresh) ->
                old.start().plus(window).isAfter(now)
                        ? new Window(old.start(), old.failures() + 1) : fresh);
    }
}
