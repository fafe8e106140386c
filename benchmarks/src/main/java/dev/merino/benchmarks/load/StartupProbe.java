package dev.merino.benchmarks.load;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures start-up: launches a server command, then polls {@code GET /plaintext} on
 * 127.0.0.1 every millisecond until the first 200, and stops the server. Repeats and prints the
 * median: {@code STARTUP first_response_ms=... in_process_ms=... runs=...}, where the second
 * number is what the server logged as "main to listening".
 *
 * <p>Usage: {@code StartupProbe --port N --runs 5 --log FILE -- command...}
 */
public final class StartupProbe {
    private static final Pattern IN_PROCESS = Pattern.compile("main to listening (\\d+) ms");

    private StartupProbe() {
    }

    /** Runs the probe. */
    public static void main(String[] args) throws Exception {
        int split = Arrays.asList(args).indexOf("--");
        if (split < 0 || split == args.length - 1) {
            throw new IllegalArgumentException("usage: StartupProbe --port N --runs R --log FILE"
                    + " -- command...");
        }
        Options options = new Options(Arrays.copyOf(args, split));
        List<String> command = List.of(args).subList(split + 1, args.length);
        int port = options.integer("--port", 8080);
        int runs = options.integer("--runs", 5);
        File log = new File(options.string("--log", "startup.log"));
        List<Double> firstResponse = new ArrayList<>();
        List<Double> inProcess = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log).start();
            try {
                if (!awaitFirstResponse(port, started + TimeUnit.SECONDS.toNanos(20))) {
                    System.out.println("STARTUP error=no_response_within_20s");
                    System.exit(1);
                }
                firstResponse.add((System.nanoTime() - started) / 1e6);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            Matcher matcher = IN_PROCESS.matcher(Files.readString(log.toPath()));
            if (matcher.find()) {
                inProcess.add(Double.parseDouble(matcher.group(1)));
            }
        }
        System.out.printf("STARTUP first_response_ms=%.1f in_process_ms=%.1f runs=%d"
                + " all_first_response_ms=%s%n", median(firstResponse), median(inProcess), runs,
                firstResponse.stream().map(v -> String.format("%.0f", v)).toList());
    }

    private static boolean awaitFirstResponse(int port, long deadline)
            throws InterruptedException {
        byte[] request = ("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] head = in.readNBytes(12);
                if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                    return true;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(1);
        }
        return false;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
