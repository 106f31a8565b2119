package dev.pmad.agent.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** Helpers for ledger tests: a clock that ticks, and edits of a ledger file with a valid checksum. */
final class LedgerTestFiles {
    static final Instant START = Instant.parse("2025-03-01T12:00:00.123456789Z");

    private LedgerTestFiles() {}

    /** Each reading is one second after the previous one, starting at {@link #START}. */
    static final class TickingClock extends Clock {
        private Instant next = START;

        @Override
        public Instant instant() {
            Instant now = next;
            next = next.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * Applies {@code edit} to the ledger's JSON and signs the result again, so that only the
     * checks after the checksum can catch the edit.
     */
    static void editAndResign(Path file, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) LedgerFormat.JSON.readTree(Files.readAllBytes(file));
        edit.accept(root);
        root.remove(LedgerFormat.CHECKSUM);
        root.put(LedgerFormat.CHECKSUM, LedgerFormat.checksum(LedgerFormat.JSON.writeValueAsBytes(root)));
        Files.write(file, LedgerFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    static String text(Path file) throws IOException {
        return Files.readString(file);
    }
}
