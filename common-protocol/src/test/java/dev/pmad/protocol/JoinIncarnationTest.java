package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.assertRejected;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The JOIN's incarnation: what an agent draws at start, and what a coordinator refuses to read. */
class JoinIncarnationTest {

    @Test
    void newIncarnation_isSixteenHexDigits_andAnotherOnEveryDraw() {
        String first = Join.newIncarnation();
        String second = Join.newIncarnation();
        assertTrue(first.matches("[0-9a-f]{16}"), first);
        assertTrue(second.matches("[0-9a-f]{16}"), second);
        assertNotEquals(first, second, "two draws of 64 random bits gave the same incarnation");
    }

    @Test
    void decode_joinWithABlankIncarnation_isRejectedNamingIt() {
        assertRejected(Payloads.with(TestMessages.JOIN, "/incarnation", " "), "invalid", "JOIN", "incarnation is empty");
    }
}
