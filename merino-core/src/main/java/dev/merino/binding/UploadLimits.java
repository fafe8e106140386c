package dev.merino.binding;

/**
 * Limits for {@code multipart/form-data} bodies, set with
 * {@link dev.merino.App#uploads(UploadLimits)}. A file past {@code maxFileSize}, or a body past
 * {@code maxTotalSize}, ends the request with 413. The route's body limit applies as well; a
 * multipart route often needs {@code RouteOptions.withMaxBodySize} raised.
 *
 * @param memoryThreshold the size in bytes past which a file is spooled to a temporary file
 * @param maxFileSize the largest file (or field) in bytes
 * @param maxTotalSize the largest multipart body in bytes
 */
public record UploadLimits(long memoryThreshold, long maxFileSize, long maxTotalSize) {
    private static final UploadLimits DEFAULTS = new UploadLimits(16 * 1024, 10L << 20,
            10L << 20);

    /** Checks the values. */
    public UploadLimits {
        if (memoryThreshold < 0 || maxFileSize <= 0 || maxTotalSize <= 0) {
            throw new IllegalArgumentException("upload limits: " + memoryThreshold + ", "
                    + maxFileSize + ", " + maxTotalSize
                    + " (expected a threshold of 0 or more and positive maximums)");
        }
    }

    /** Returns the defaults: spooled past 16 KiB, 10 MiB per file and per body. */
    public static UploadLimits defaults() {
        return DEFAULTS;
    }
}
