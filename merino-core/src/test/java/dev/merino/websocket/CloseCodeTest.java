package dev.merino.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.merino.websocket.CloseStatus.ClosedBy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Close codes (RFC 6455 section 7.4) and reasons: what may be made, and what may be sent. */
class CloseCodeTest {

    /** The codes that may travel in a Close frame: DESIGN.md section 4. */
    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    @Test
    void ofAcceptsExactlyTheSendableCodes() {
        List<Integer> wrong = new ArrayList<>();
        for (int code = -1; code <= 70_000; code++) {
            boolean made;
            try {
                made = CloseCode.of(code).code() == code;
            } catch (IllegalArgumentException e) {
                made = false;
            }
            if (made != sendable(code) || CloseCode.isSendable(code) != sendable(code)) {
                wrong.add(code);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 999, 1004, 1005, 1006, 1015, 1016, 2000,
            2999, 5000, 65535, 65536, Integer.MAX_VALUE})
    void ofThrowsAtTheCallNamingTheCode(int code) {
        assertThatThrownBy(() -> CloseCode.of(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("close code: " + code + " (expected");
    }

    @Test
    void localOnlyCodesExistButAreNotSendable() {
        assertThat(CloseCode.NO_STATUS_RECEIVED.code()).isEqualTo(1005);
        assertThat(CloseCode.ABNORMAL_CLOSURE.code()).isEqualTo(1006);
        assertThat(CloseCode.NO_STATUS_RECEIVED.isSendable()).isFalse();
        assertThat(CloseCode.ABNORMAL_CLOSURE.isSendable()).isFalse();
        assertThat(new CloseCode(1005)).isEqualTo(CloseCode.NO_STATUS_RECEIVED);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 999, 1004, 1015, 1016, 2999, 5000})
    void constructorRefusesCodesThatMeanNothing(int code) {
        assertThatThrownBy(() -> new CloseCode(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(code));
    }

    @Test
    void namedConstantsHaveTheirRegisteredNumbers() {
        assertThat(List.of(CloseCode.NORMAL, CloseCode.GOING_AWAY, CloseCode.PROTOCOL_ERROR,
                CloseCode.UNSUPPORTED_DATA, CloseCode.INVALID_PAYLOAD,
                CloseCode.POLICY_VIOLATION, CloseCode.MESSAGE_TOO_BIG,
                CloseCode.MANDATORY_EXTENSION, CloseCode.INTERNAL_ERROR,
                CloseCode.SERVICE_RESTART, CloseCode.TRY_AGAIN_LATER, CloseCode.BAD_GATEWAY))
                .extracting(CloseCode::code)
                .containsExactly(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012,
                        1013, 1014);
        assertThat(CloseCode.of(4321)).hasToString("4321");
    }

    @Test
    void registeredTakesOnly3000To3999() {
        assertThat(CloseCode.registered(3000).code()).isEqualTo(3000);
        assertThat(CloseCode.registered(3999).code()).isEqualTo(3999);
        for (int code : new int[] {1000, 2999, 4000, 4500}) {
            assertThatThrownBy(() -> CloseCode.registered(code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("registered close code: " + code + " (expected 3000-3999)");
        }
    }

    @Test
    void applicationTakesOnly4000To4999() {
        assertThat(CloseCode.application(4000).code()).isEqualTo(4000);
        assertThat(CloseCode.application(4999).code()).isEqualTo(4999);
        for (int code : new int[] {1000, 3999, 5000, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> CloseCode.application(code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("application close code: " + code + " (expected 4000-4999)");
        }
    }

    // Reasons.

    @Test
    void truncateReasonKeepsShortReasonsAndMakesNullEmpty() {
        assertThat(CloseCode.truncateReason(null)).isEmpty();
        assertThat(CloseCode.truncateReason("")).isEmpty();
        assertThat(CloseCode.truncateReason("bye")).isEqualTo("bye");
        assertThat(CloseCode.truncateReason("x".repeat(123))).isEqualTo("x".repeat(123));
        assertThat(CloseCode.truncateReason("x".repeat(124))).isEqualTo("x".repeat(123));
    }

    @Test
    void truncateReasonCutsOnCharacterBoundaries() {
        // 2, 3 and 4 bytes of UTF-8; the 4-byte one is a surrogate pair in Java.
        assertThat(CloseCode.truncateReason("é".repeat(100))).isEqualTo("é".repeat(61));
        assertThat(CloseCode.truncateReason("€".repeat(50))).isEqualTo("€".repeat(41));
        assertThat(CloseCode.truncateReason("😀".repeat(40))).isEqualTo("😀".repeat(30));
        assertThat(CloseCode.truncateReason("ab" + "😀".repeat(40)))
                .isEqualTo("ab" + "😀".repeat(30));
    }

    @Test
    void truncateReasonIsAlwaysAPrefixOfAtMost123BytesWithNoSplitCharacter() {
        String[] units = {"a", "é", "€", "😀"};
        for (int shift = 0; shift < units.length; shift++) {
            StringBuilder reason = new StringBuilder();
            for (int i = 0; reason.toString().getBytes(StandardCharsets.UTF_8).length < 200; i++) {
                reason.append(units[(i + shift) % units.length]);
            }
            String cut = CloseCode.truncateReason(reason.toString());
            byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);

            assertThat(reason.toString()).startsWith(cut);
            assertThat(bytes.length).isBetween(120, 123);
            assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(cut);
        }
    }

    // The exceptions that carry codes.

    @Test
    void closeExceptionCutsItsReasonAndRefusesLocalOnlyCodes() {
        WebSocketCloseException close = new WebSocketCloseException(CloseCode.application(4000),
                "é".repeat(100));

        assertThat(close.code()).isEqualTo(CloseCode.application(4000));
        assertThat(close.reason()).isEqualTo("é".repeat(61));
        assertThatThrownBy(() -> new WebSocketCloseException(CloseCode.ABNORMAL_CLOSURE, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1006");
        assertThatThrownBy(() -> new WebSocketCloseException(CloseCode.NO_STATUS_RECEIVED, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1005");
    }

    @Test
    void closedExceptionSaysTheSessionIsClosedAndHow() {
        WebSocketClosedException closed = new WebSocketClosedException(
                new CloseStatus(CloseCode.GOING_AWAY, "Server shutting down", ClosedBy.SERVER));

        assertThat(closed).isInstanceOf(IllegalStateException.class)
                .hasMessage("WebSocket is closed (1001 Server shutting down, closed by SERVER)");
        assertThat(closed.closeCode()).isEqualTo(CloseCode.GOING_AWAY);
    }
}
