package dev.merino.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.RouteOptions;
import dev.merino.Server;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadingTest {
    private final App app = TestServers.app();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void handlerRunsOnAVirtualThread() {
        app.get("/t", request -> Thread.currentThread().isVirtual() + " "
                + Thread.currentThread().getName());
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/t").text()).startsWith("true merino-request-");
    }

    @Test
    void nonBlockingRouteRunsOnTheEventLoop() {
        app.get("/t", RouteOptions.defaults().withNonBlocking(true), request ->
                Thread.currentThread().isVirtual() + " " + Thread.currentThread().getName());
        server = TestServers.start(app);

        assertThat(Requests.get(server, "/t").text()).startsWith("false merino-io-");
    }

    @Test
    void zeroIoThreadsMeansOneEventLoopPerCore() {
        App perCore = dev.merino.Merino.app(TestServers.config().withIoThreads(0));
        perCore.get("/t", RouteOptions.defaults().withNonBlocking(true),
                request -> Thread.currentThread().getName());
        server = TestServers.start(perCore);
        int cores = Runtime.getRuntime().availableProcessors();

        // Each new connection goes to the next event loop in turn: 3 rounds reach them all.
        java.util.Set<String> loops = new java.util.TreeSet<>();
        for (int i = 0; i < 3 * cores + 1; i++) {
            loops.add(Requests.get(server, "/t", "Connection: close").text());
        }

        assertThat(loops).hasSize(cores).allMatch(name -> name.startsWith("merino-io-"));
    }

    @Test
    void thousandBlockingRequestsAreServedConcurrently() throws Exception {
        int count = 1000;
        CountDownLatch arrived = new CountDownLatch(count);
        app.get("/block", request -> {
            arrived.countDown();
            // Each handler waits until all of them are in: only works if none waits for another
            // to finish, that is, if every request has a thread of its own.
            return arrived.await(60, TimeUnit.SECONDS) ? "released" : "timed out";
        });
        server = TestServers.start(app);

        HttpClient client = TestServers.client();
        URI uri = TestServers.base(server).resolve("/block");
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new))
                .get(120, TimeUnit.SECONDS);

        assertThat(responses).allSatisfy(future -> {
            assertThat(future.join().statusCode()).isEqualTo(200);
            assertThat(future.join().body()).isEqualTo("released");
        });
        client.close();
    }

    @Test
    void mainSourcesDoNotUseSynchronized() throws IOException {
        // synchronized pins a virtual thread's carrier on Java 21 while it blocks inside.
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        Pattern keyword = Pattern.compile("\\bsynchronized\\b");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (keyword.matcher(lines.get(i)).find()) {
                        offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void blockingInAHandlerDoesNotStallOtherConnections() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        app.get("/wait", request -> release.await(30, TimeUnit.SECONDS) ? "done" : "late");
        app.get("/quick", request -> "quick");
        server = TestServers.start(app);

        HttpClient client = TestServers.client();
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                HttpRequest.newBuilder(TestServers.base(server).resolve("/wait")).build(),
                HttpResponse.BodyHandlers.ofString());
        RawResponse quick = Requests.get(server, "/quick");
        release.countDown();

        assertThat(quick.text()).isEqualTo("quick");
        assertThat(waiting.get(30, TimeUnit.SECONDS).body()).isEqualTo("done");
        client.close();
    }
}
