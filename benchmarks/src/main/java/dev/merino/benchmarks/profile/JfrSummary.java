package dev.merino.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording of a benchmark server: where CPU samples fall (by thread kind, by
 * stage of the request path counted inclusively, and by top frame) and what is allocated (by
 * class and by allocating frame, weighted by JFR's sampled bytes).
 *
 * <p>Usage: {@code JfrSummary recording.jfr [requests]}; with the number of requests served
 * during the recording, allocation is also shown per request.
 */
public final class JfrSummary {
    /** Stages of the request path: a sample counts for every stage that has a frame in it. */
    private static final Map<String, String[]> STAGES = stages();

    private JfrSummary() {
    }

    private static Map<String, String[]> stages() {
        Map<String, String[]> stages = new LinkedHashMap<>();
        stages.put("socket read + HTTP decode (HttpObjectDecoder)",
                new String[] {"io.netty.handler.codec.http.HttpObjectDecoder."});
        stages.put("HTTP encode (HttpObjectEncoder)",
                new String[] {"io.netty.handler.codec.http.HttpObjectEncoder."});
        stages.put("socket write / flush (epoll doWrite)",
                new String[] {"io.netty.channel.epoll.AbstractEpollStreamChannel.doWrite",
                    "io.netty.channel.epoll.AbstractEpollChannel.doWrite"});
        stages.put("epoll wait", new String[] {"io.netty.channel.epoll.Native.epollWait",
            "io.netty.channel.epoll.Native.epollBusyWait"});
        stages.put("Merino connection (HttpConnection)",
                new String[] {"dev.merino.internal.server.HttpConnection."});
        stages.put("Merino exchange (Exchange.run, on the handler's thread)",
                new String[] {"dev.merino.internal.server.Exchange.run"});
        stages.put("  building the Request", new String[] {"dev.merino.internal.server.Exchange"
                + ".newRequest"});
        stages.put("  filters + handler + result (Application.handle)",
                new String[] {"dev.merino.internal.app.Application.handle"});
        stages.put("  writing the response (Exchange.write)",
                new String[] {"dev.merino.internal.server.Exchange.write"});
        stages.put("Jackson", new String[] {"tools.jackson."});
        stages.put("routing (Router.match)",
                new String[] {"dev.merino.internal.routing.Router.match"});
        stages.put("hand-off to a virtual thread (execute / submit / unpark)",
                new String[] {"java.lang.VirtualThread.submitRunContinuation",
                    "java.lang.VirtualThread.start",
                    "java.lang.ThreadBuilders$VirtualThreadFactory",
                    "java.util.concurrent.ThreadPerTaskExecutor.execute"});
        stages.put("virtual thread mount / unmount (Continuation)",
                new String[] {"jdk.internal.vm.Continuation.", "java.lang.VirtualThread.run",
                    "java.lang.VirtualThread.mount", "java.lang.VirtualThread.unmount"});
        stages.put("ForkJoinPool (carrier scheduling, idle spin, park)",
                new String[] {"java.util.concurrent.ForkJoinPool."});
        stages.put("hand-back to the event loop (execute + wakeup)",
                new String[] {"io.netty.util.concurrent.SingleThreadEventExecutor.execute",
                    "io.netty.channel.SingleThreadIoEventLoop.wakeup",
                    "io.netty.channel.epoll.EpollIoHandler.wakeup"});
        stages.put("tasks run by the event loop (runAllTasks)",
                new String[] {"io.netty.util.concurrent.SingleThreadEventExecutor.runAllTasks",
                    "io.netty.channel.SingleThreadIoEventLoop.runAllTasks",
                    "io.netty.util.concurrent.AbstractEventExecutor.safeExecute"});
        return stages;
    }

    /** Prints the summary. */
    public static void main(String[] args) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        long requests = args.length > 1 ? Long.parseLong(args[1]) : 0;
        cpu(events);
        allocation(events, requests);
    }

    /**
     * Prints where CPU samples fall. Prefers JDK 25's CPU-time sampler (every thread on a CPU,
     * in Java or native code) to the classic execution sampler (threads in Java code only).
     */
    private static void cpu(List<RecordedEvent> events) {
        String type = events.stream().anyMatch(e -> e.getEventType().getName()
                .equals("jdk.CPUTimeSample")) ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        String threadField = type.equals("jdk.CPUTimeSample") ? "eventThread" : "sampledThread";
        List<RecordedEvent> samples = events.stream()
                .filter(e -> e.getEventType().getName().equals(type))
                .filter(e -> isServerThread(e.getThread(threadField))).toList();
        System.out.printf("CPU samples: %d (%s, server threads only)%n", samples.size(), type);
        if (samples.isEmpty()) {
            return;
        }
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> stages = new LinkedHashMap<>();
        Map<String, Long> tops = new HashMap<>();
        for (RecordedEvent sample : samples) {
            threads.merge(threadKind(sample.getThread(threadField)), 1L, Long::sum);
            RecordedStackTrace stack = sample.getStackTrace();
            if (stack == null) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            if (!frames.isEmpty()) {
                tops.merge(name(frames.get(0)), 1L, Long::sum);
            }
            for (var stage : STAGES.entrySet()) {
                if (frames.stream().anyMatch(f -> startsWithAny(name(f), stage.getValue()))) {
                    stages.merge(stage.getKey(), 1L, Long::sum);
                }
            }
        }
        print("by thread", threads, samples.size(), 10);
        System.out.println("by stage (inclusive: a sample counts for every stage on its stack)");
        for (String stage : STAGES.keySet()) {
            long count = stages.getOrDefault(stage, 0L);
            System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * count / samples.size(),
                    stage);
        }
        print("by top frame (self time)", tops, samples.size(), 25);
    }

    private static void allocation(List<RecordedEvent> events, long requests) {
        List<RecordedEvent> samples = events.stream().filter(e -> e.getEventType().getName()
                .equals("jdk.ObjectAllocationSample"))
                .filter(e -> isServerThread(e.getThread("eventThread"))).toList();
        long total = samples.stream().mapToLong(e -> e.getLong("weight")).sum();
        System.out.printf(Locale.ROOT, "%nAllocation samples: %d on server threads, %.1f MB"
                + " sampled weight%s%n", samples.size(), total / 1e6, requests > 0
                        ? String.format(Locale.ROOT, " (JFR's estimate: %.0f bytes per request)",
                                (double) total / requests) : "");
        if (samples.isEmpty()) {
            return;
        }
        Map<String, Long> byClass = new HashMap<>();
        Map<String, Long> bySite = new HashMap<>();
        for (RecordedEvent sample : samples) {
            long weight = sample.getLong("weight");
            byClass.merge(sample.getClass("objectClass").getName(), weight, Long::sum);
            RecordedStackTrace stack = sample.getStackTrace();
            if (stack != null) {
                bySite.merge(site(stack.getFrames()), weight, Long::sum);
            }
        }
        print("by class (share of sampled bytes)", byClass, total, 20);
        print("by allocating site (first frame outside java.*, jdk.*, sun.*; with caller)",
                bySite, total, 25);
    }

    private static String site(List<RecordedFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            String name = name(frames.get(i));
            if (!startsWithAny(name, new String[] {"java.", "jdk.", "sun."})) {
                String caller = i + 1 < frames.size() ? name(frames.get(i + 1)) : "";
                return name + "  <-  " + caller;
            }
        }
        return frames.isEmpty() ? "?" : name(frames.get(0));
    }

    /** Leaves out the JVM's own threads and JFR's, which the recording itself keeps busy. */
    private static boolean isServerThread(RecordedThread thread) {
        if (thread == null) {
            return false;
        }
        if (thread.isVirtual()) {
            return true;
        }
        String name = thread.getJavaName() == null ? "" : thread.getJavaName();
        return !(name.isEmpty() || name.startsWith("JFR") || name.startsWith("VM ")
                || name.startsWith("C1 ") || name.startsWith("C2 ") || name.startsWith("GC")
                || name.equals("Attach Listener") || name.equals("Service Thread")
                || name.equals("Common-Cleaner") || name.startsWith("Monitor Deflation")
                || name.equals("Notification Thread") || name.equals("Signal Dispatcher")
                || name.equals("Finalizer") || name.equals("Reference Handler"));
    }

    private static String threadKind(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        if (thread.isVirtual()) {
            return "virtual threads";
        }
        String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
        return name.replaceAll("-?\\d+$", "-N");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void print(String title, Map<String, Long> counts, long total, int limit) {
        System.out.println(title);
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (var entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
            System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * entry.getValue() / total,
                    entry.getKey());
        }
    }
}
