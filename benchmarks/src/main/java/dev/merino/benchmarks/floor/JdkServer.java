package dev.merino.benchmarks.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The start-up floor: answers every request with {@code 200 Hello, World!} using the JDK's
 * blocking sockets only, no Netty, no Jackson, no logging. What the start-up probe measures for
 * it is the JVM's own cost of launching and serving one request; a framework cannot start
 * faster on the same JVM.
 *
 * <p>Arguments: {@code --port N} (default 8080). Listens on 127.0.0.1 only, one connection at a
 * time, closing each after its response. Runs until the process is stopped.
 */
public final class JdkServer {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 13\r\nConnection: close\r\n\r\nHello, World!")
            .getBytes(StandardCharsets.US_ASCII);

    private JdkServer() {
    }

    /** Starts the server. */
    public static void main(String[] args) throws IOException {
        long mainAt = System.nanoTime();
        int port = 8080;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        try (ServerSocket listener = new ServerSocket(port, 50,
                InetAddress.getLoopbackAddress())) {
            System.out.println("jdk-server listening on 127.0.0.1:" + port
                    + " (main to listening " + (System.nanoTime() - mainAt) / 1_000_000 + " ms)");
            while (true) {
                try (Socket socket = listener.accept()) {
                    awaitHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(RESPONSE);
                    out.flush();
                } catch (IOException e) {
                    // The client went away; serve the next one.
                }
            }
        }
    }

    /** Reads until the blank line that ends the request head, or the end of the stream. */
    private static void awaitHead(InputStream in) throws IOException {
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            boolean expected = (matched % 2 == 0) ? b == '\r' : b == '\n';
            matched = expected ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
