package dev.merino.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * Measurements a benchmark server answers on {@code /admin/...}, for the harness: bytes
 * allocated so far (to derive allocation per request) and the heap in use after a full GC (to
 * derive heap per idle WebSocket session).
 */
public final class Admin {
    private Admin() {
    }

    /**
     * Returns the bytes allocated by every thread since the JVM started. Virtual threads
     * allocate in their carrier's buffers, so their allocation is counted too.
     */
    public static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getTotalThreadAllocatedBytes();
    }

    /** Runs full collections until the used heap settles, then returns it in bytes; blocks. */
    public static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - now) < 64 * 1024) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
