package dev.merino.benchmarks.report;

import static dev.merino.benchmarks.report.Report.DEFAULT;
import static dev.merino.benchmarks.report.Report.EVENT_LOOP;
import static dev.merino.benchmarks.report.Report.LOOP;
import static dev.merino.benchmarks.report.Report.NETTY;
import static dev.merino.benchmarks.report.Report.format;

import dev.merino.benchmarks.report.Report.Endpoint;
import dev.merino.benchmarks.report.Report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as a console table and as the Markdown page. */
final class Tables {
    private static final String[] HEAD = {"endpoint", "Merino default", "Merino VT on loop",
        "Merino event loop", "raw Netty", "ratio default", "ratio VT on loop",
        "ratio event loop", "p99 ms (D / L / E / N)", "p99 ratio (D / L / E)",
        "server CPU % (D / L / E / N)", "per-CPU ratio (D / L / E)",
        "alloc B/req (D / L / E / N)", "errors"};

    private Tables() {
    }

    static List<String> console(Map<String, Map<String, Summary>> summaries) {
        List<String[]> rows = rows(summaries, false);
        int[] widths = new int[HEAD.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? String.format("%-" + widths[i] + "s", row[i])
                        : String.format("  %" + widths[i] + "s", row[i]));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static String markdown(Map<String, Map<String, Summary>> summaries, Map<String, String> meta,
            String chart) {
        StringBuilder md = new StringBuilder();
        md.append("# Merino benchmarks\n\n");
        md.append("Written by `benchmarks/run.sh` on ").append(meta.getOrDefault("date", "?"))
                .append(". Throughput is the median of ").append(meta.getOrDefault("rounds", "?"))
                .append(" measured rounds per server, run alternately (Merino default, Merino"
                        + " VT on loop, Merino event loop, raw Netty, again...); a ratio is"
                        + " Merino's median over raw Netty's from the same run. D = Merino"
                        + " default (handlers on virtual threads, which run on the JDK's carrier"
                        + " threads). L = Merino with virtual threads on the event loop: the"
                        + " same handlers on virtual threads, each scheduled on the event loop"
                        + " of its connection instead of on the JDK's carriers. It is opt-in"
                        + " (`ServerConfig.withVirtualThreadsOnEventLoop(true)`), needs the JVM"
                        + " option `--add-opens java.base/java.lang=ALL-UNNAMED`, and a handler"
                        + " that computes for long holds its loop, and every connection on it,"
                        + " until it waits or ends. E = Merino with the routes declared"
                        + " non-blocking (handlers on the event loop itself). N = raw Netty.\n\n");
        if ("true".equals(meta.get("quick"))) {
            md.append("**Quick mode: a smoke run with short rounds, not a measurement to quote.**"
                    + "\n\n");
        }
        String notes = meta.get("notes");
        if (notes != null && !notes.isBlank()) {
            md.append("> ").append(notes).append("\n\n");
        }
        List<String[]> rows = rows(summaries, true);
        for (int r = 0; r < rows.size(); r++) {
            md.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
            if (r == 0) {
                md.append("|---".repeat(rows.get(r).length)).append("|\n");
            }
        }
        md.append("\nTargets (ratio to raw Netty): plaintext >= 0.85 (D, L) / 0.97 (E);"
                + " pipelined >= 0.60 / 0.85; JSON >= 0.85 / 0.97; path+query >= 0.85 / 0.95;"
                + " POST echo >= 0.85 / 0.95; WebSocket echo >= 0.95; p99 <= 1.5x (D, L) / 1.2x"
                + " (E). L runs its handlers on virtual threads, like D, and has D's targets. A"
                + " ratio"
                + " that misses its target is marked with a `!`; \"(errors)\" marks a Merino"
                + " server whose rounds had socket errors or failed statuses, so that its numbers"
                + " do not measure the same work.\n\n");
        md.append("![Throughput relative to raw Netty](").append(chart).append(")\n\n");
        startup(md, meta);
        md.append("## Memory\n\n");
        md.append("| measurement | value |\n|---|---|\n");
        row(md, "Idle WebSocket sessions opened on Merino", meta.get("ws_idle_sessions"), "");
        row(md, "Heap per idle WebSocket session (after full GC)",
                meta.get("ws_idle_bytes_per_session"), "bytes");
        row(md, "Resident memory per idle WebSocket session",
                meta.get("ws_idle_rss_bytes_per_session"), "bytes");
        row(md, "File descriptor limit (`ulimit -n`) for the runs", meta.get("ulimit_n"), "");
        md.append("\n## How it was run\n\n");
        for (String key : List.of("merino", "machine", "nproc", "jdk", "jvm_options", "wrk",
                "load_before", "load_after", "durations")) {
            if (meta.containsKey(key)) {
                md.append("- ").append(key.replace('_', ' ')).append(": ")
                        .append(meta.get(key)).append('\n');
            }
        }
        md.append("- command: `").append(meta.getOrDefault("command", "?")).append("`\n");
        md.append("\nThe server is pinned to CPU 0 and the load generator to CPU 1 (`taskset`)."
                + " HTTP load is `wrk --latency` with 64 connections (pipelined 16 deep by a Lua"
                + " script for the pipelined row); WebSocket load is `WsLoad` (64 sessions, each"
                + " sending a 32-byte text message and waiting for its echo). Server CPU % is the"
                + " server process's CPU time over the round's wall time: near 100 means the"
                + " server's core was saturated; below that, the load generator or other"
                + " processes on the core limited the round. The per-CPU ratio compares"
                + " requests per CPU-second of the server (Merino over raw Netty): on a busy"
                + " machine, where the scheduler gives a process with more threads a larger"
                + " share of the core, it is the fairer of the two ratios. Allocation is the"
                + " JVM's total allocated bytes"
                + " over the round divided by the requests (or messages) served.\n");
        return md.toString();
    }

    private static void startup(StringBuilder md, Map<String, String> meta) {
        md.append("## Start-up\n\n");
        md.append("| server | launch to first response | main() to listening"
                + " | with AOT cache: launch to first response"
                + " | with AOT cache: main() to listening"
                + " | with AOT cache and start-up options: launch to first response"
                + " | with AOT cache and start-up options: main() to listening"
                + " |\n|---|---|---|---|---|---|---|\n");
        for (String[] server : List.of(new String[] {"merino", "Merino"},
                new String[] {"netty", "raw Netty"},
                new String[] {"floor", "JDK-only server (the floor)"})) {
            md.append("| ").append(server[1]);
            for (String key : List.of("_ms", "_inprocess_ms", "_aot_ms", "_aot_inprocess_ms",
                    "_tuned_ms", "_tuned_inprocess_ms")) {
                String cell = "startup_" + server[0] + key;
                md.append(" | ").append(millis(meta.get(cell), meta.get(cell + "_range")));
            }
            md.append(" |\n");
        }
        md.append("\nMedians of ").append(meta.getOrDefault("startup_runs", "?"))
                .append(" launches per cell, the range in brackets; launches alternate between"
                + " the variants, so that a busy moment of the machine does not fall on one"
                + " only. *Launch to first response* runs from the start of the `java` process"
                + " to the first `200` for `GET /plaintext`, polled every millisecond from CPU 1;"
                + " *main() to listening* is what the server itself logged. Every server runs"
                + " pinned to CPU 0 from the jars that `./mvnw package` built, with `")
                .append(meta.getOrDefault("startup_opts", "?"))
                .append("` and the JVM's defaults otherwise. The JDK-only server answers with"
                + " the JDK's blocking sockets and nothing else: what the JVM costs to launch and"
                + " serve one request, below which no framework can start. Both real servers"
                + " build their Jackson mapper on the first JSON request, not at start. AOT"
                + " cache: ").append(meta.getOrDefault("startup_aot", "not measured"))
                .append(". Start-up options: `")
                .append(meta.getOrDefault("startup_tuned_opts", "not measured"))
                .append("`, where `<dir>` holds Netty's epoll library taken out of its jar"
                + " once, and a cache trained with them; the JDK-only server has no Netty to"
                + " tune. How to make a cache for an application, and what each option costs,"
                + " is in the README (\"Start-up\")."
                + " `benchmarks/startup.sh` measures this section alone.\n\n");
    }

    private static String millis(String median, String range) {
        if (median == null || median.equals("-")) {
            return "-";
        }
        return median + " ms" + (range == null || range.startsWith("-") ? ""
                : " (" + range.replace("-", "–") + ")");
    }

    private static void row(StringBuilder md, String what, String value, String unit) {
        if (value != null) {
            md.append("| ").append(what).append(" | ").append(value)
                    .append(unit.isEmpty() ? "" : " " + unit).append(" |\n");
        }
    }

    private static List<String[]> rows(Map<String, Map<String, Summary>> summaries,
            boolean markdown) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEAD.clone());
        for (var entry : summaries.entrySet()) {
            Endpoint endpoint = Report.endpoint(entry.getKey());
            Map<String, Summary> s = entry.getValue();
            long errors = s.values().stream().mapToLong(Summary::errors).sum();
            rows.add(new String[] {
                markdown ? endpoint.label().replace("|", "\\|") : endpoint.key(),
                throughput(s.get(DEFAULT), endpoint),
                throughput(s.get(LOOP), endpoint),
                throughput(s.get(EVENT_LOOP), endpoint),
                throughput(s.get(NETTY), endpoint),
                ratio(s, DEFAULT, endpoint),
                ratio(s, LOOP, endpoint),
                ratio(s, EVENT_LOOP, endpoint),
                perServer(s, Summary::p99Ms, 2),
                String.join(" / ", Report.MERINO.stream().map(server -> marked(
                        Report.p99Ratio(s, server), Report.p99Target(server), false)).toList()),
                perServer(s, Summary::serverCpu, 0),
                String.join(" / ", Report.MERINO.stream().map(server -> format(
                        Report.perCpuRatio(s, server), 2)).toList()),
                perServer(s, Summary::allocBytes, 0),
                Long.toString(errors)});
        }
        return rows;
    }

    /** Returns a Merino server's throughput ratio, marked when it misses or had errors. */
    private static String ratio(Map<String, Summary> s, String server, Endpoint endpoint) {
        return marked(Report.ratio(s, server), endpoint.target(server), true)
                + failed(s.get(server));
    }

    /** Marks a ratio whose Merino rounds had errors: its throughput is not comparable. */
    private static String failed(Summary summary) {
        return summary != null && summary.errors() > 0 ? " (errors)" : "";
    }

    private static String throughput(Summary summary, Endpoint endpoint) {
        return summary == null ? "-" : String.format(Locale.ROOT, "%,.0f %s",
                summary.throughput(), endpoint.unit());
    }

    private static String marked(double value, double target, boolean higherIsBetter) {
        if (Double.isNaN(value)) {
            return "-";
        }
        boolean miss = higherIsBetter ? value < target : value > target;
        return format(value, 2) + (miss ? " !" : "");
    }

    /** Returns one field of every server, in the order of {@link Report#SERVERS}. */
    private static String perServer(Map<String, Summary> s,
            java.util.function.ToDoubleFunction<Summary> field, int decimals) {
        List<String> parts = new ArrayList<>();
        for (String server : Report.SERVERS) {
            Summary summary = s.get(server);
            parts.add(summary == null ? "-" : format(field.applyAsDouble(summary), decimals));
        }
        return String.join(" / ", parts);
    }
}
