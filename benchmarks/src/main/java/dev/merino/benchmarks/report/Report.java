package dev.merino.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw results of {@code run.sh} into the printed table, {@code docs/benchmarks.md} and
 * an SVG chart. Medians over rounds; ratios are Merino's median over raw Netty's median from the
 * same run. The last line printed is the worst throughput ratio of the three Merino servers:
 * default mode, virtual threads on the event loop, and non-blocking routes.
 *
 * <p>Usage: {@code Report results.tsv meta.properties out.md out.svg}. The TSV has the columns
 * endpoint, server, round, throughput, p99_ms, errors, server_cpu_pct, load_cpu_pct,
 * alloc_bytes; meta holds {@code key=value} lines (machine, jdk, command, ...).
 */
public final class Report {
    static final String DEFAULT = "merino-default";
    /** Default-mode routes with their virtual threads scheduled on the event loop. */
    static final String LOOP = "merino-loop";
    static final String EVENT_LOOP = "merino-eventloop";
    static final String NETTY = "netty";
    static final List<String> MERINO = List.of(DEFAULT, LOOP, EVENT_LOOP);
    static final List<String> SERVERS = List.of(DEFAULT, LOOP, EVENT_LOOP, NETTY);

    /** An endpoint as measured, with the ratios the project aims for. */
    record Endpoint(String key, String label, String unit, double targetDefault,
            double targetEventLoop) {

        /**
         * Returns the throughput ratio a Merino server aims for: handlers on virtual threads,
         * wherever those are scheduled, aim for the default mode's.
         */
        double target(String server) {
            return server.equals(EVENT_LOOP) ? targetEventLoop : targetDefault;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("plaintext", "GET /plaintext", "req/s", 0.85, 0.97),
            new Endpoint("pipelined", "GET /plaintext, pipelined 16", "req/s", 0.60, 0.85),
            new Endpoint("json", "GET /json", "req/s", 0.85, 0.97),
            new Endpoint("users", "GET /users/{id}?fields=", "req/s", 0.85, 0.95),
            new Endpoint("echo", "POST /echo (JSON)", "req/s", 0.85, 0.95),
            new Endpoint("ws", "WebSocket echo", "msg/s", 0.95, 0.95));
    static final double P99_TARGET_DEFAULT = 1.5;
    static final double P99_TARGET_EVENT_LOOP = 1.2;

    /** Returns the p99 ratio a Merino server aims for, like {@link Endpoint#target}. */
    static double p99Target(String server) {
        return server.equals(EVENT_LOOP) ? P99_TARGET_EVENT_LOOP : P99_TARGET_DEFAULT;
    }

    /** One measured round. */
    record Round(String endpoint, String server, double throughput, double p99Ms, long errors,
            double serverCpu, double loadCpu, double allocBytes) {
    }

    /** Medians of one endpoint on one server. */
    record Summary(double throughput, double p99Ms, long errors, double serverCpu,
            double loadCpu, double allocBytes, int rounds) {
    }

    private Report() {
    }

    /** The line after which the page is written by hand; a new run keeps what follows it. */
    static final String HAND_WRITTEN = "<!-- Below: written by hand, kept by run.sh. -->";

    /** Returns the hand-written end of the page, from its marker line, or nothing. */
    private static String handWritten(Path page) throws IOException {
        if (!Files.exists(page)) {
            return "";
        }
        String text = Files.readString(page);
        int at = text.indexOf(HAND_WRITTEN);
        return at < 0 ? "" : "\n" + text.substring(at);
    }

    /** Writes the report. */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: Report results.tsv meta.properties"
                    + " out.md out.svg");
        }
        List<Round> rounds = readRounds(Path.of(args[0]));
        Map<String, String> meta = readMeta(Path.of(args[1]));
        Map<String, Map<String, Summary>> summaries = summarize(rounds);
        List<String> table = Tables.console(summaries);
        table.forEach(System.out::println);
        Path page = Path.of(args[2]);
        Files.createDirectories(page.toAbsolutePath().getParent());
        Files.writeString(page, Tables.markdown(summaries, meta,
                Path.of(args[3]).getFileName().toString()) + handWritten(page));
        Files.writeString(Path.of(args[3]), Chart.svg(summaries));
        System.out.println(worst(summaries));
    }

    static List<Round> readRounds(Path file) throws IOException {
        List<Round> rounds = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("endpoint\t")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            // wrk reports a p99 of 0 when no request completed a latency sample.
            double p99 = number(f[4]) > 0 ? number(f[4]) : Double.NaN;
            rounds.add(new Round(f[0], f[1], number(f[3]), p99, (long) number(f[5]),
                    number(f[6]), number(f[7]), number(f[8])));
        }
        return rounds;
    }

    static Map<String, String> readMeta(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                meta.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return meta;
    }

    static Map<String, Map<String, Summary>> summarize(List<Round> rounds) {
        Map<String, Map<String, Summary>> result = new LinkedHashMap<>();
        for (Endpoint endpoint : ENDPOINTS) {
            Map<String, Summary> byServer = new LinkedHashMap<>();
            for (String server : SERVERS) {
                List<Round> mine = rounds.stream().filter(r -> r.endpoint.equals(endpoint.key)
                        && r.server.equals(server)).toList();
                if (!mine.isEmpty()) {
                    byServer.put(server, new Summary(
                            median(mine.stream().mapToDouble(Round::throughput).toArray()),
                            median(mine.stream().mapToDouble(Round::p99Ms).toArray()),
                            mine.stream().mapToLong(Round::errors).sum(),
                            median(mine.stream().mapToDouble(Round::serverCpu).toArray()),
                            median(mine.stream().mapToDouble(Round::loadCpu).toArray()),
                            median(mine.stream().mapToDouble(Round::allocBytes).toArray()),
                            mine.size()));
                }
            }
            if (!byServer.isEmpty()) {
                result.put(endpoint.key, byServer);
            }
        }
        return result;
    }

    /** Returns Merino's throughput over raw Netty's, or NaN when either is missing. */
    static double ratio(Map<String, Summary> byServer, String server) {
        Summary merino = byServer.get(server);
        Summary netty = byServer.get(NETTY);
        return merino == null || netty == null || netty.throughput == 0 ? Double.NaN
                : merino.throughput / netty.throughput;
    }

    /**
     * Returns Merino's throughput per server CPU-second over raw Netty's, or NaN: the cost of a
     * request, whatever share of the core each server got.
     */
    static double perCpuRatio(Map<String, Summary> byServer, String server) {
        Summary merino = byServer.get(server);
        Summary netty = byServer.get(NETTY);
        if (merino == null || netty == null || !(merino.serverCpu > 0)
                || !(netty.serverCpu > 0) || netty.throughput == 0) {
            return Double.NaN;
        }
        return (merino.throughput / merino.serverCpu) / (netty.throughput / netty.serverCpu);
    }

    /** Returns Merino's p99 latency over raw Netty's, or NaN. */
    static double p99Ratio(Map<String, Summary> byServer, String server) {
        Summary merino = byServer.get(server);
        Summary netty = byServer.get(NETTY);
        return merino == null || netty == null || netty.p99Ms == 0 ? Double.NaN
                : merino.p99Ms / netty.p99Ms;
    }

    static Endpoint endpoint(String key) {
        return ENDPOINTS.stream().filter(e -> e.key.equals(key)).findFirst().orElseThrow();
    }

    /**
     * Returns the line that ends the printed output: the worst throughput ratio of any Merino
     * server, where it fell, and then the worst ratio of each Merino server on its own.
     */
    static String worst(Map<String, Map<String, Summary>> summaries) {
        double worst = Double.NaN;
        String where = "no ratios";
        Map<String, Double> byServer = new LinkedHashMap<>();
        for (var entry : summaries.entrySet()) {
            for (String server : MERINO) {
                double ratio = ratio(entry.getValue(), server);
                if (Double.isNaN(ratio)) {
                    continue;
                }
                byServer.merge(server, ratio, Math::min);
                if (Double.isNaN(worst) || ratio < worst) {
                    Endpoint endpoint = endpoint(entry.getKey());
                    worst = ratio;
                    where = endpoint.label + ", " + server + "; target "
                            + format(endpoint.target(server), 2)
                            + (entry.getValue().get(server).errors > 0
                                    ? "; its rounds had errors" : "");
                }
            }
        }
        List<String> each = new ArrayList<>();
        for (String server : MERINO) {
            each.add(server + " " + format(byServer.getOrDefault(server, Double.NaN), 2));
        }
        return String.format(Locale.ROOT, "worst ratio: %.2f (%s); worst of each: %s", worst,
                where, String.join(", ", each));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle]
                : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double number(String text) {
        return text == null || text.isBlank() || text.equals("-") ? Double.NaN
                : Double.parseDouble(text);
    }

    static String format(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f",
                value);
    }
}
