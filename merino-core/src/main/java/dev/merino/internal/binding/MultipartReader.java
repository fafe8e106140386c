package dev.merino.internal.binding;

import dev.merino.binding.UploadLimits;
import dev.merino.binding.UploadedFile;
import dev.merino.http.BadRequest;
import dev.merino.http.Parameters;
import dev.merino.http.PayloadTooLarge;
import dev.merino.http.Request;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code multipart/form-data} body with Netty's multipart decoder, fed from the
 * request's body stream as it arrives, so large files go to disk without passing through
 * memory whole. The decoded parts live until the invocation's context closes.
 */
final class MultipartReader {
    private MultipartReader() {
    }

    /** The decoded form: its text fields and its files by field name. */
    record Form(Parameters fields, Map<String, List<UploadedFile>> files) {
    }

    /**
     * Reads the body; the parts are released and temporary files deleted when the context
     * closes.
     *
     * @throws PayloadTooLarge past a limit
     * @throws BadRequest if the body is not valid multipart
     */
    static Form read(Request request, UploadLimits limits, BindContext context) {
        DefaultHttpDataFactory factory = new DefaultHttpDataFactory(limits.memoryThreshold());
        factory.setMaxLimit(limits.maxFileSize());
        // Temporary files are deleted when the request ends; deleteOnExit would only pile up
        // paths in the JVM for the life of the server.
        factory.setDeleteOnExit(false);
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, request.header("Content-Type")
                .orElse(""));
        HttpPostMultipartRequestDecoder decoder;
        try {
            decoder = new HttpPostMultipartRequestDecoder(factory, head, StandardCharsets.UTF_8);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw new BadRequest("The multipart body has no valid boundary.", e);
        }
        context.onClose(decoder::destroy);
        feed(request, limits, decoder);
        return collect(decoder);
    }

    private static void feed(Request request, UploadLimits limits,
            HttpPostMultipartRequestDecoder decoder) {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try (InputStream in = request.bodyStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limits.maxTotalSize()) {
                    throw new PayloadTooLarge("The multipart body is larger than "
                            + limits.maxTotalSize() + " bytes.");
                }
                HttpContent chunk = new DefaultHttpContent(Unpooled.wrappedBuffer(buffer, 0, n));
                try {
                    // The decoder copies what it keeps, so the buffer is reused.
                    decoder.offer(chunk);
                } finally {
                    chunk.release();
                }
            }
            decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            if (e.getCause() instanceof IOException) {
                // The factory's limit: an upload past maxFileSize.
                throw new PayloadTooLarge("An uploaded file is larger than "
                        + limits.maxFileSize() + " bytes.");
            }
            throw new BadRequest("The multipart body is malformed.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Form collect(HttpPostMultipartRequestDecoder decoder) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
        try {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload upload) {
                    files.computeIfAbsent(upload.getName(), name -> new ArrayList<>(1))
                            .add(new NettyFile(upload));
                } else if (data instanceof Attribute attribute) {
                    fields.computeIfAbsent(attribute.getName(), name -> new ArrayList<>(1))
                            .add(attribute.getValue());
                }
            }
        } catch (HttpPostRequestDecoder.NotEnoughDataDecoderException e) {
            throw new BadRequest("The multipart body ends before its closing boundary.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Form(Parameters.of(fields), files);
    }

    /** An upload as Netty decoded it: in memory, or in a temporary file. */
    private record NettyFile(FileUpload upload) implements UploadedFile {
        @Override
        public String name() {
            return upload.getName();
        }

        @Override
        public String filename() {
            return upload.getFilename();
        }

        @Override
        public Optional<String> contentType() {
            return Optional.ofNullable(upload.getContentType());
        }

        @Override
        public long size() {
            return upload.length();
        }

        @Override
        public byte[] bytes() {
            try {
                return upload.get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() {
            try {
                return upload.isInMemory() ? new ByteArrayInputStream(upload.get())
                        : Files.newInputStream(upload.getFile().toPath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void copyTo(Path target) {
            try (InputStream in = open()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "UploadedFile[" + name() + ", " + size() + " bytes]";
        }
    }
}
