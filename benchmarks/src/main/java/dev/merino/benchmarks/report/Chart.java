package dev.merino.benchmarks.report;

import static dev.merino.benchmarks.report.Report.MERINO;
import static dev.merino.benchmarks.report.Report.NETTY;
import static dev.merino.benchmarks.report.Report.SERVERS;

import dev.merino.benchmarks.report.Report.Endpoint;
import dev.merino.benchmarks.report.Report.Summary;
import java.util.Locale;
import java.util.Map;

/**
 * Draws throughput relative to raw Netty as grouped horizontal bars, one group per endpoint,
 * with each Merino bar's target as a tick. Plain SVG, no library.
 */
final class Chart {
    private static final int LEFT = 230;
    private static final int BAR_WIDTH = 420;
    private static final int BAR = 14;
    /** One bar per server in {@link Report#SERVERS}, in that order. */
    private static final int GROUP = 4 * BAR + 18;
    /** The legend takes two rows of two. */
    private static final int TOP = 66;
    private static final String[] COLORS = {"#4e79a7", "#59a14f", "#f28e2b", "#9c9c9c"};
    private static final String[] NAMES = {"Merino default (virtual threads)",
        "Merino VT on loop (virtual threads on the event loop)",
        "Merino event loop (non-blocking routes)", "raw Netty"};

    private Chart() {
    }

    static String svg(Map<String, Map<String, Summary>> summaries) {
        double max = 1.2;
        for (Map<String, Summary> s : summaries.values()) {
            for (String server : MERINO) {
                max = Math.max(max, nan0(Report.ratio(s, server)));
            }
        }
        int height = TOP + summaries.size() * GROUP + 50;
        int width = LEFT + BAR_WIDTH + 140;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(10, 20, "Throughput relative to raw Netty (median; tick = target)",
                "start", "bold"));
        for (int i = 0; i < NAMES.length; i++) {
            int x = 10 + i % 2 * 360;
            int top = 30 + i / 2 * 16;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\""
                    + " height=\"10\" fill=\"%s\"/>%n", x, top, COLORS[i]));
            svg.append(text(x + 14, top + 9, NAMES[i], "start", "normal"));
        }
        int y = TOP;
        for (var entry : summaries.entrySet()) {
            Endpoint endpoint = Report.endpoint(entry.getKey());
            Map<String, Summary> s = entry.getValue();
            svg.append(text(LEFT - 8, y + GROUP / 2 - 4, endpoint.label(), "end", "normal"));
            for (int i = 0; i < SERVERS.size(); i++) {
                String server = SERVERS.get(i);
                boolean netty = server.equals(NETTY);
                double ratio = netty ? (s.containsKey(NETTY) ? 1.0 : Double.NaN)
                        : Report.ratio(s, server);
                double target = netty ? Double.NaN : endpoint.target(server);
                int barY = y + i * BAR;
                // The label starts after the bar or the target tick, whichever reaches further.
                int tick = Double.isNaN(target) ? 0
                        : (int) Math.round(target / max * BAR_WIDTH) + 2;
                if (!Double.isNaN(ratio)) {
                    int w = (int) Math.round(ratio / max * BAR_WIDTH);
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\""
                            + " height=\"%d\" fill=\"%s\"/>%n", LEFT, barY, w, BAR - 2,
                            COLORS[i]));
                    Summary summary = s.get(server);
                    String label = String.format(Locale.ROOT, "%.2f (%,.0f %s)", ratio,
                            summary.throughput(), endpoint.unit());
                    svg.append(text(LEFT + Math.max(w, tick) + 4, barY + BAR - 4, label,
                            "start", "normal"));
                }
                if (!Double.isNaN(target)) {
                    int tx = LEFT + (int) Math.round(target / max * BAR_WIDTH);
                    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\""
                            + " y2=\"%d\" stroke=\"black\" stroke-width=\"2\"/>%n", tx, barY - 1,
                            tx, barY + BAR - 1));
                }
            }
            y += GROUP;
        }
        int one = LEFT + (int) Math.round(1.0 / max * BAR_WIDTH);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
                + " stroke=\"#444\" stroke-dasharray=\"4 3\"/>%n", one, TOP - 4, one, y));
        svg.append(text(one, y + 16, "1.0 = raw Netty", "middle", "normal"));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double nan0(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static String text(int x, int y, String content, String anchor, String weight) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\""
                + " font-weight=\"%s\">%s</text>%n", x, y, anchor, weight, escaped);
    }
}
