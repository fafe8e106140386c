package dev.merino.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.controller.Controller;
import dev.merino.controller.Get;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServicesTest {
    static final List<String> events = new CopyOnWriteArrayList<>();
    static final AtomicInteger ids = new AtomicInteger();
    private Server server;

    /** A request-scoped unit of work, closed after each request. */
    public static final class UnitOfWork implements AutoCloseable {
        final int id = ids.incrementAndGet();

        @Override
        public void close() {
            events.add("closed " + id);
        }
    }

    /** A transient service that takes the scoped one. */
    public static final class Audit {
        final UnitOfWork work;

        public Audit(UnitOfWork work) {
            this.work = work;
        }
    }

    /** A singleton built once. */
    @Singleton
    public static final class Clock implements AutoCloseable {
        final int id = ids.incrementAndGet();

        @Override
        public void close() {
            events.add("clock closed");
        }
    }

    /** A service with two constructors, one marked. */
    public static final class Greeter {
        final String greeting;

        public Greeter() {
            this("none");
        }

        @Inject
        public Greeter(@Named("greeting") String greeting) {
            this.greeting = greeting;
        }
    }

    @Controller("/s")
    public static final class Scoped {
        private final Clock clock;

        public Scoped(Clock clock) {
            this.clock = clock;
        }

        @Get("/work")
        public String work(UnitOfWork first, Audit audit, UnitOfWork second) {
            events.add("handled " + first.id);
            return (first == second) + " " + (audit.work == first) + " " + first.id;
        }

        @Get("/clock")
        public String clock(Clock other, Greeter greeter, @Named("external") String external) {
            return (other == clock) + " " + greeter.greeting + " " + external;
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        events.clear();
    }

    @Test
    void sharesAScopedServiceWithinOneRequestAndClosesItAfter() {
        App app = TestServers.app();
        app.services(s -> s.scoped(UnitOfWork.class).transientService(Audit.class)
                .add(Clock.class).singleton(Greeter.class)
                .instance(String.class, "greeting", "hi")
                .source((type, name) -> "external".equals(name) ? () -> "from elsewhere" : null));
        app.controller(Scoped.class);
        server = TestServers.start(app);

        String first = Requests.get(server, "/s/work").text();
        String second = Requests.get(server, "/s/work").text();

        assertThat(first).startsWith("true true ");
        assertThat(second).startsWith("true true ");
        String firstId = first.substring(10);
        String secondId = second.substring(10);
        assertThat(firstId).isNotEqualTo(secondId);
        assertThat(events).containsExactly("handled " + firstId, "closed " + firstId,
                "handled " + secondId, "closed " + secondId);
    }

    @Test
    void givesSingletonsNamedInstancesAndServicesFromAnotherContainer() {
        App app = TestServers.app();
        app.services(s -> s.scoped(UnitOfWork.class).transientService(Audit.class)
                .add(Clock.class).singleton(Greeter.class)
                .instance(String.class, "greeting", "hi")
                .source((type, name) -> "external".equals(name) ? () -> "from elsewhere" : null));
        app.controller(Scoped.class);
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/s/clock").text()).isEqualTo("true hi from elsewhere");
        server.stop();
        server = null;
        assertThat(events).containsExactly("clock closed");
    }

    /** Cycle: A needs B needs A. */
    public static final class A {
        public A(B b) {
        }
    }

    /** Cycle: B needs A. */
    public static final class B {
        public B(A a) {
        }
    }

    /** Needs a service nobody registered. */
    public static final class Repo {
        public Repo(Supplier<String> connection) {
        }
    }

    /** Needs the repo. */
    public static final class UserService {
        public UserService(Repo repo) {
        }
    }

    /** A singleton that wrongly needs a scoped service. */
    public static final class Cache {
        public Cache(UnitOfWork work) {
        }
    }

    @Test
    void refusesToStartWithACycleAndPrintsIt() {
        App app = TestServers.app();
        app.services(s -> s.singleton(A.class).singleton(B.class));

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Dependency cycle: A(B b) -> B(A a) -> A(B b)");
    }

    @Test
    void refusesToStartWithAMissingDependencyAndPrintsTheChain() {
        App app = TestServers.app();
        app.services(s -> s.singleton(UserService.class).transientService(Repo.class));

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No service is registered for Supplier, needed by "
                        + "UserService(Repo repo) -> Repo(Supplier connection); "
                        + "register it with app.services()");
    }

    @Test
    void refusesASingletonThatNeedsAScopedService() {
        App app = TestServers.app();
        app.services(s -> s.scoped(UnitOfWork.class).singleton(Cache.class));

        assertThatThrownBy(() -> TestServers.start(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cache lives longer than a request but needs the scoped "
                        + "service UnitOfWork");
    }

    @Test
    void buildsServicesWithFactories() {
        App app = TestServers.app();
        app.services(s -> s.instance(String.class, "greeting", "hey")
                .scoped(UnitOfWork.class, services -> new UnitOfWork())
                .transientService(Audit.class, services -> new Audit(
                        services.get(UnitOfWork.class)))
                .singleton(Clock.class, services -> new Clock())
                .singleton(Greeter.class, services -> new Greeter(
                        services.get(String.class, "greeting")))
                .source((type, name) -> () -> "x"));
        app.controller(Scoped.class);
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/s/work").text()).startsWith("true true ");
        assertThat(Requests.get(server, "/s/clock").text()).isEqualTo("true hey x");
    }
}
