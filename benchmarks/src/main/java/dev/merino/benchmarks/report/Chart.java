package dev.merino.benchmarks.report;

import static dev.merino.benchmarks.report.Report.DEFAULT;
import static dev.merino.benchmarks.report.Report.EVENT_LOOP;
import static dev.merino.benchmarks.report.Report.NETTY;

import dev.merino.benchmarks.report.Report.Endpoint;
import dev.merino.benchmarks.report.Report.Summary;
import java.util.List;
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
    private static final int GROUP = 3 * BAR + 18;
    private static final int TOP = 50;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#9c9c9c"};
    private static final String[] NAMES = {"Merino default (virtual threads)",
        "Merino event loop (non-blocking routes)", "raw Netty"};

    private Chart() {
    }

    static String svg(Map<String, Map<String, Summary>> summaries) {
        double max = 1.2;
        for (Map<String, Summary> s : summaries.values()) {
            max = Math.max(max, Math.max(nan0(Report.ratio(s, DEFAULT)),
                    nan0(Report.ratio(s, EVENT_LOOP))));
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
            int x = 10 + i * 230;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"30\" width=\"10\""
                    + " height=\"10\" fill=\"%s\"/>%n", x, COLORS[i]));
            svg.append(text(x + 14, 39, NAMES[i], "start", "normal"));
        }
        int y = TOP;
        for (var entry : summaries.entrySet()) {
            Endpoint endpoint = Report.endpoint(entry.getKey());
            Map<String, Summary> s = entry.getValue();
            svg.append(text(LEFT - 8, y + GROUP / 2 - 4, endpoint.label(), "end", "normal"));
            double[] ratios = {Report.ratio(s, DEFAULT), Report.ratio(s, EVENT_LOOP),
                s.containsKey(NETTY) ? 1.0 : Double.NaN};
            double[] targets = {endpoint.targetDefault(), endpoint.targetEventLoop(), Double.NaN};
            List<String> servers = List.of(DEFAULT, EVENT_LOOP, NETTY);
            for (int i = 0; i < 3; i++) {
                int barY = y + i * BAR;
                // The label starts after the bar or the target tick, whichever reaches further.
                int tick = Double.isNaN(targets[i]) ? 0
                        : (int) Math.round(targets[i] / max * BAR_WIDTH) + 2;
                if (!Double.isNaN(ratios[i])) {
                    int w = (int) Math.round(ratios[i] / max * BAR_WIDTH);
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\""
                            + " height=\"%d\" fill=\"%s\"/>%n", LEFT, barY, w, BAR - 2,
                            COLORS[i]));
                    Summary summary = s.get(servers.get(i));
                    String label = String.format(Locale.ROOT, "%.2f (%,.0f %s)", ratios[i],
                            summary.throughput(), endpoint.unit());
                    svg.append(text(LEFT + Math.max(w, tick) + 4, barY + BAR - 4, label,
                            "start", "normal"));
                }
                if (!Double.isNaN(targets[i])) {
                    int tx = LEFT + (int) Math.round(targets[i] / max * BAR_WIDTH);
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
