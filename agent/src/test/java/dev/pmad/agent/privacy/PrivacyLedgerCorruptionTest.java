package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger that was edited, truncated or written by another version is refused, never repaired. */
class PrivacyLedgerCorruptionTest {
    private static final double[] ORDERS = RdpAccountant.defaultOrders();

    @TempDir Path dir;
    private Path file;

    @BeforeEach
    void writeTwoRuns() {
        file = dir.resolve("ledger.json");
        try (PrivacyLedger ledger = PrivacyLedger.open(file, true, new LedgerTestFiles.TickingClock())) {
            ledger.setPolicy(10, 1e-5);
            ledger.charge("A", "round 1", RdpAccountant.subsampledGaussianRdp(0.01, 1.1, ORDERS), "join", new double[] {42.5});
            ledger.charge("B", "round 1", RdpAccountant.subsampledGaussianRdp(1, 5, ORDERS));
        }
    }

    /** Opening and reading both refuse the file with one line naming it and {@code expected}. */
    private LedgerException assertRefused(String expected) throws IOException {
        byte[] before = Files.readAllBytes(file);
        LedgerException read = assertThrows(LedgerException.class, () -> PrivacyLedger.read(file));
        LedgerException open = assertThrows(LedgerException.class, () -> PrivacyLedger.open(file, true));
        assertEquals(read.getMessage(), open.getMessage());
        String message = read.getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("\n"), message);
        assertArrayEquals(before, Files.readAllBytes(file), "a refused ledger is left as it was");
        return read;
    }

    private void resigned(Consumer<ObjectNode> edit) throws IOException {
        LedgerTestFiles.editAndResign(file, edit);
    }

    @Test
    void reformatted_withTheSameContent_stillReads() throws IOException {
        double[] rdp = PrivacyLedger.read(file).rdp();
        String compact = LedgerFormat.JSON.writeValueAsString(LedgerFormat.JSON.readTree(file.toFile()));
        Files.writeString(file, compact);
        assertArrayEquals(rdp, PrivacyLedger.read(file).rdp());
    }

    @Test
    void truncated_isRefusedAsNotJson() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused("not valid JSON (truncated?)");
    }

    @Test
    void empty_isRefused() throws IOException {
        Files.write(file, new byte[0]);
        assertRefused("empty");
    }

    @Test
    void flippedDigit_isRefusedByTheChecksum() throws IOException {
        String text = Files.readString(file);
        int total = text.indexOf("\"rdp\"");
        int digit = text.indexOf(',', total) - 1; // last character of the first total value
        char c = text.charAt(digit);
        assertTrue(Character.isDigit(c), text.substring(total, digit + 1));
        Files.writeString(file, text.substring(0, digit) + (char) ('0' + (c - '0' + 1) % 10) + text.substring(digit + 1));
        LedgerException e = assertRefused("checksum mismatch");
        assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
    }

    @Test
    void checksumRemoved_isRefused() throws IOException {
        ObjectNode root = (ObjectNode) LedgerFormat.JSON.readTree(file.toFile());
        root.remove("checksum");
        Files.write(file, LedgerFormat.JSON.writeValueAsBytes(root));
        assertRefused("field checksum is missing");
    }

    @Test
    void unknownVersion_isRefusedNamingTheSupportedOnes() throws IOException {
        resigned(root -> root.put("version", 3));
        assertRefused("has version 3, this pmad reads versions [1, 2]");
    }

    @Test
    void otherFormat_isRefused() throws IOException {
        resigned(root -> root.put("format", "something-else"));
        assertRefused("is not a privacy ledger: field format");
    }

    @Test
    void totalNotTheSumOfTheRuns_isRefusedEvenWithAValidChecksum() throws IOException {
        resigned(root -> ((ArrayNode) root.get("rdp")).set(7, 1e-3));
        assertRefused("field rdp[7]");
    }

    @Test
    void totalInfiniteWhereTheRunsAreNot_isRefused() throws IOException {
        resigned(root -> ((ArrayNode) root.get("rdp")).set(0, "Infinity"));
        assertRefused("field rdp[0]");
    }

    @Test
    void unknownField_isRefused() throws IOException {
        resigned(root -> ((ObjectNode) root.get("runs").get(1)).put("note", "hi"));
        assertRefused("unknown field runs[1].note");
    }

    @Test
    void missingField_isRefused() throws IOException {
        resigned(root -> root.remove("released"));
        assertRefused("field released is missing");
    }

    @Test
    void curveOfTheWrongLength_isRefused() throws IOException {
        resigned(root -> ((ArrayNode) root.get("runs").get(0).get("rdp")).remove(0));
        assertRefused("field runs[0].rdp has " + (ORDERS.length - 1) + " values");
    }

    @Test
    void negativeRdp_isRefused() throws IOException {
        resigned(root -> ((ArrayNode) root.get("runs").get(1).get("rdp")).set(2, -1.0));
        assertRefused("field runs[1].rdp[2] is -1.0, must be >= 0");
    }

    @Test
    void nanRdp_isRefused() throws IOException {
        resigned(root -> ((ArrayNode) root.get("rdp")).set(2, "NaN"));
        assertRefused("field rdp[2] must be a number or \"Infinity\"");
    }

    @Test
    void ordersNotIncreasing_isRefused() throws IOException {
        resigned(root -> ((ArrayNode) root.get("orders")).set(5, 1.1));
        assertRefused("field orders[5] is 1.1, must be above orders[4]");
    }

    @Test
    void orderNotAboveOne_isRefused() throws IOException {
        resigned(root -> ((ArrayNode) root.get("orders")).set(0, 1.0));
        assertRefused("field orders[0] is 1.0, must be finite and > 1");
    }

    @Test
    void duplicateRun_isRefused() throws IOException {
        resigned(root -> ((ObjectNode) root.get("runs").get(1)).put("runId", "A"));
        assertRefused("field runs[1].runId \"A\" appears twice");
    }

    @Test
    void badInstant_isRefused() throws IOException {
        resigned(root -> ((ObjectNode) root.get("runs").get(0)).put("first", "yesterday"));
        assertRefused("field runs[0].first");
    }
}
