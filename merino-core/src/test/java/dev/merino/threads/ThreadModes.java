package dev.merino.threads;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.testing.TestServers;
import java.util.concurrent.TimeUnit;

/** What the tests comparing request threads on the JDK's carriers and on the loop share. */
final class ThreadModes {
    private ThreadModes() {
    }

    /** Returns a test app with request threads on the event loop, or on the JDK's carriers. */
    static App app(boolean onEventLoop) {
        return Merino.app(TestServers.config().withVirtualThreadsOnEventLoop(onEventLoop));
    }

    /** Names the carrier of the current virtual thread: what its toString shows after '@'. */
    static String carrier() {
        String self = Thread.currentThread().toString();
        return self.substring(self.indexOf('@') + 1);
    }

    /** Burns CPU for the given time without blocking. */
    static long spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        while (System.nanoTime() < end) {
            x += System.nanoTime() % 7;
        }
        return x;
    }
}
