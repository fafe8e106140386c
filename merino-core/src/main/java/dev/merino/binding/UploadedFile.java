package dev.merino.binding;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file uploaded in a {@code multipart/form-data} body, bound to a component of a
 * {@link FromForm} record. Small files are kept in memory; past
 * {@link UploadLimits#memoryThreshold()} they are spooled to a temporary file.
 *
 * <p>Valid until the handler returns: its content (and any temporary file) is deleted then, so
 * copy or move what must outlive the request. Read it on the request's thread.
 */
public interface UploadedFile {

    /** Returns the form field's name. */
    String name();

    /** Returns the file name the client gave, possibly empty; never trust it as a path. */
    String filename();

    /** Returns the part's {@code Content-Type}, if the client sent one. */
    Optional<String> contentType();

    /** Returns the size in bytes. */
    long size();

    /** Returns the content; reads a spooled file whole into memory. */
    byte[] bytes();

    /** Returns a stream of the content. */
    InputStream open();

    /**
     * Copies the content to the given path, replacing any file there.
     *
     * @throws java.io.UncheckedIOException if writing fails
     */
    void copyTo(Path target);
}
