package dev.merino.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.App;
import dev.merino.Server;
import dev.merino.controller.Controller;
import dev.merino.controller.Post;
import dev.merino.testing.RawClient.RawResponse;
import dev.merino.testing.Requests;
import dev.merino.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BindingMultipartTest {
    private static final String BOUNDARY = "----merino-test-boundary";
    private Server server;

    /** A multipart form with a field and files. */
    public record Upload(String title, List<UploadedFile> attachments, Optional<UploadedFile> cover) {
    }

    @Controller("/m")
    public static final class Uploads {
        @Post("/upload")
        public String upload(@FromForm Upload upload) {
            StringBuilder out = new StringBuilder(upload.title());
            for (UploadedFile file : upload.attachments()) {
                byte[] bytes = file.bytes();
                out.append(' ').append(file.filename()).append('=').append(file.size())
                        .append(':').append(bytes[0]).append(':').append(bytes[bytes.length - 1])
                        .append(':').append(file.contentType().orElse("?"));
            }
            return out.append(" cover=").append(upload.cover().isPresent()).toString();
        }
    }

    @BeforeEach
    void start() {
        App app = TestServers.app();
        app.uploads(new UploadLimits(1024, 64 * 1024, 200 * 1024));
        app.controller(Uploads.class);
        server = TestServers.start(app);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void bindsTwoFilesAndAFieldSpoolingTheLargeOneToDisk() {
        byte[] small = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[40_000];
        Arrays.fill(large, (byte) 7);
        large[0] = 1;
        byte[] body = multipart(Map.of("title", "report"),
                List.of(new Part("attachments", "a.txt", "text/plain", small),
                        new Part("attachments", "b.bin", "application/octet-stream", large)));

        RawResponse response = post(body);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("report a.txt=5:104:111:text/plain "
                + "b.bin=40000:1:7:application/octet-stream cover=false");
    }

    @Test
    void refusesAFileOverThePerFileLimitWith413() {
        byte[] body = multipart(Map.of("title", "big"),
                List.of(new Part("attachments", "big.bin", "application/octet-stream",
                        new byte[70 * 1024])));

        RawResponse response = post(body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("An uploaded file is larger than 65536 bytes.");
    }

    @Test
    void refusesABodyOverTheTotalLimitWith413() {
        byte[] body = multipart(Map.of("title", "many"), List.of(
                new Part("attachments", "1.bin", "application/octet-stream", new byte[60_000]),
                new Part("attachments", "2.bin", "application/octet-stream", new byte[60_000]),
                new Part("attachments", "3.bin", "application/octet-stream", new byte[60_000]),
                new Part("attachments", "4.bin", "application/octet-stream", new byte[60_000])));

        RawResponse response = post(body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text()).contains("The multipart body is larger than 204800 bytes.");
    }

    @Test
    void reportsAMissingFieldOfAMultipartForm() throws Exception {
        byte[] body = multipart(Map.of(), List.of());

        RawResponse response = post(body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(BindingSourcesTest.errors(response)).containsExactly(
                Map.of("in", "body", "name", "title", "detail", "Required."));
    }

    private RawResponse post(byte[] body) {
        return Requests.call(server, "POST", "/m/upload", body,
                "Content-Type: multipart/form-data; boundary=" + BOUNDARY);
    }

    record Part(String name, String filename, String contentType, byte[] content) {
    }

    static byte[] multipart(Map<String, String> fields, List<Part> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8)));
        for (Part part : files) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                    + part.name() + "\"; filename=\"" + part.filename() + "\"\r\n"
                    + "Content-Type: " + part.contentType() + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
