package dev.merino.internal.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.merino.http.Headers;
import dev.merino.http.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FullResponseTest {

    @Test
    void writesNumbersAsDecimalDigits() {
        int[] values = {0, 7, 9, 10, 99, 100, 1_000, 12_345, 999_999, 1_000_000,
            Integer.MAX_VALUE};
        for (int value : values) {
            ByteBuf out = Unpooled.buffer(1);
            try {
                out.writeByte('[');
                FullResponse.writeDigits(out, value);
                out.writeByte(']');
                assertThat(out.toString(US_ASCII)).isEqualTo("[" + value + "]");
            } finally {
                out.release();
            }
        }
    }

    @Test
    void encodesTheHeadAndTheBodyWhole() {
        ByteBuf body = Unpooled.copiedBuffer("0123456789abc", US_ASCII);
        ByteBuf message = FullResponse.encode(ByteBufAllocator.DEFAULT, Status.OK,
                Headers.of("Content-Type", "text/plain"), 13, body, true, false);
        try {
            String text = message.toString(US_ASCII);
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    + "content-length: 13\r\ndate: ");
            assertThat(text).endsWith("\r\n\r\n0123456789abc");
            assertThat(text).doesNotContain("Connection");
        } finally {
            message.release();
        }
    }
}
