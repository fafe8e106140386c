package dev.merino.threads;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Merino;
import dev.merino.Server;
import dev.merino.testing.RawClient;
import dev.merino.testing.TestServers;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK starts its socket pollers for virtual threads (sun.nio.ch.Poller, "SubPoller-N", in
 * the default VTHREAD_POLLERS mode on Linux) lazily, from the first virtual thread that parks on
 * a socket, and a virtual thread started by a virtual thread inherits its scheduler. When that
 * first thread is a request thread on an event loop, the pollers must still run on the JDK's
 * carriers: were they tasks of that loop, every virtual thread's socket I/O in the process would
 * wait whenever that one loop is busy.
 *
 * <p>Runs in a fresh JVM, where nothing has used the pollers yet.
 */
class EventLoopThreadsPollerTest {

    @ParameterizedTest(name = "onEventLoop={0}")
    @ValueSource(booleans = {false, true})
    void aBusyLoopDoesNotDelaySocketReadsOfUnrelatedVirtualThreads(boolean onEventLoop)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), Boolean.toString(onEventLoop))
                .redirectErrorStream(true)
                .start();
        boolean ended = process.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(output).as(output).contains("unrelated read waited ");
        long waited = Long.parseLong(output.substring(output.indexOf("unrelated read waited ")
                + "unrelated read waited ".length()).split(" ")[0].trim());
        // The data is there at once; the busy loop computes for 3 s.
        assertThat(waited).as(output).isLessThan(1000);
    }

    /** The child JVM: one loop, a first socket wait on a request thread, then a busy loop. */
    static final class Child {
        public static void main(String[] args) throws Exception {
            boolean onEventLoop = Boolean.parseBoolean(args[0]);
            InetAddress loopback = InetAddress.getLoopbackAddress();
            App app = Merino.app(TestServers.config().withVirtualThreadsOnEventLoop(onEventLoop));
            try (ServerSocket backend = new ServerSocket(0, 50, loopback);
                    ServerSocket unrelated = new ServerSocket(0, 50, loopback)) {
                app.get("/io", request -> {
                    try (Socket socket = new Socket(loopback, backend.getLocalPort())) {
                        socket.setSoTimeout(5000);
                        return "read " + socket.getInputStream().read();
                    }
                });
                app.get("/spin", request -> {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                    long x = 0;
                    while (System.nanoTime() < end) {
                        x += System.nanoTime() & 1;
                    }
                    return "spun " + x;
                });
                Server server = app.start(0);
                try {
                    // 1. The first virtual thread to wait on a socket is a request thread.
                    try (RawClient client = new RawClient(server.port())) {
                        client.send("GET /io HTTP/1.1\r\nHost: x\r\n\r\n");
                        try (Socket accepted = backend.accept()) {
                            Thread.sleep(200);
                            accepted.getOutputStream().write(7);
                            System.out.println("io: " + client.readResponse().text());
                        }
                    }
                    // 2. A handler computes, holding its loop (the documented limitation).
                    try (RawClient spinning = new RawClient(server.port(), 10000)) {
                        spinning.send("GET /spin HTTP/1.1\r\nHost: x\r\n\r\n");
                        Thread.sleep(300);
                        // 3. A virtual thread of the JDK's own scheduler, unrelated to the
                        // server, waits for a byte on its own socket.
                        AtomicLong readAt = new AtomicLong();
                        Thread reader = Thread.ofVirtual().start(() -> {
                            try (Socket socket = new Socket(loopback,
                                    unrelated.getLocalPort())) {
                                InputStream in = socket.getInputStream();
                                in.read();
                                readAt.set(System.nanoTime());
                            } catch (Exception e) {
                                e.printStackTrace(System.out);
                            }
                        });
                        try (Socket peer = unrelated.accept()) {
                            Thread.sleep(200);
                            long sentAt = System.nanoTime();
                            peer.getOutputStream().write(1);
                            reader.join(10000);
                            System.out.println("unrelated read waited "
                                    + TimeUnit.NANOSECONDS.toMillis(readAt.get() - sentAt)
                                    + " ms");
                        }
                        spinning.readResponse();
                    }
                } finally {
                    server.stop();
                }
            }
            System.exit(0);
        }
    }
}
