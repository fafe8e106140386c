package dev.merino.testing;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts applications on loopback and a free port, and makes clients for them. */
public final class TestServers {
    /**
     * Whether request threads run on the event loop: the build runs the suite once without and
     * once with, set by the system property {@code merino.test.virtualThreadsOnEventLoop}.
     */
    public static final boolean EVENT_LOOP_THREADS =
            Boolean.getBoolean("merino.test.virtualThreadsOnEventLoop");

    private TestServers() {
    }

    /**
     * Returns the settings tests use: loopback, one event loop, short shutdown, request threads
     * where {@link #EVENT_LOOP_THREADS} says.
     */
    public static ServerConfig config() {
        return ServerConfig.defaults().withHost("127.0.0.1").withIoThreads(1)
                .withShutdownTimeout(Duration.ofSeconds(2))
                .withVirtualThreadsOnEventLoop(EVENT_LOOP_THREADS);
    }

    /** Returns a new app with the test settings. */
    public static App app() {
        return Merino.app(config());
    }

    /** Starts the app on a free loopback port. */
    public static Server start(App app) {
        return app.start(0);
    }

    /** Starts the app on a free loopback port, counting in {@code requests} what it serves. */
    public static Server startCounting(App app, AtomicInteger requests) {
        app.filter((request, chain) -> {
            requests.incrementAndGet();
            return chain.next(request);
        });
        return start(app);
    }

    /** Returns the base URI of a server, for example {@code http://127.0.0.1:40123}. */
    public static URI base(Server server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Returns an HTTP/1.1 JDK client. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
