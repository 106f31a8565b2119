package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.time.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reassembly of chunk sets and its bounds, without any network. */
class ChunkReassemblerTest {
    private static final String ALICE = "alice@pmad.test";
    private static final String MALLORY = "mallory@pmad.test";

    private final ManualTimers timers = new ManualTimers();
    private final ReassemblyLimits limits = new ReassemblyLimits(10_000, 64, 2, 20_000, Duration.ofSeconds(60));
    private final ChunkReassembler reassembler = new ChunkReassembler(limits, timers);

    @Test
    void accept_chunksInAnyOrderWithIdenticalDuplicates_returnsPayloadOnce() {
        String payload = text(5_000, new Random(1)) + " \u00e9\u4e2d\uD83D\uDE00"; // multi-byte at the end
        List<Chunk> chunks = new ArrayList<>(ChunkSplitter.split(payload, 1024));
        chunks.add(chunks.get(2));
        Collections.shuffle(chunks, new Random(7));

        List<String> delivered = new ArrayList<>();
        for (Chunk chunk : chunks) reassembler.accept(ALICE, chunk).ifPresent(delivered::add);

        assertEquals(List.of(payload), delivered);
        ChunkStats stats = reassembler.stats();
        assertEquals(1, stats.completedTransfers());
        assertEquals(0, stats.partialTransfers());
        assertEquals(0, stats.bufferedBytes());
        assertEquals(0, timers.pending(), "the deadline of a completed transfer is cancelled");
    }

    @Test
    void accept_chunkDisagreeingOnCount_dropsSetAndIgnoresTheRest() {
        List<Chunk> chunks = ChunkSplitter.split(text(4_000, new Random(2)), 1024);
        Chunk first = chunks.get(0);
        Chunk liar = new Chunk(first.transferId(), 1, first.count() + 1, first.totalBytes(), first.sha256(),
                chunks.get(1).data());

        reassembler.accept(ALICE, first);
        reassembler.accept(ALICE, liar);
        for (Chunk rest : chunks.subList(1, chunks.size())) assertEquals(Optional.empty(), reassembler.accept(ALICE, rest));

        ChunkStats stats = reassembler.stats();
        assertEquals(1, stats.droppedChunkSets());
        assertEquals(chunks.size() - 1, stats.droppedChunks(), "later chunks of a dropped set are counted, not buffered");
        assertEquals(0, stats.partialTransfers());
        assertEquals(0, stats.completedTransfers());
    }

    @Test
    void accept_chunkDisagreeingOnLengthOrChecksum_dropsSet() {
        List<Chunk> a = ChunkSplitter.split(text(3_000, new Random(3)), 1024);
        List<Chunk> b = ChunkSplitter.split(text(3_000, new Random(4)), 1024);
        Chunk wrongLength = new Chunk(a.get(0).transferId(), 1, a.get(0).count(), a.get(0).totalBytes() - 1,
                a.get(0).sha256(), a.get(1).data());
        Chunk wrongChecksum = new Chunk(b.get(0).transferId(), 1, b.get(0).count(), b.get(0).totalBytes(),
                a.get(0).sha256(), b.get(1).data());

        reassembler.accept(ALICE, a.get(0));
        reassembler.accept(ALICE, wrongLength);
        reassembler.accept(ALICE, b.get(0));
        reassembler.accept(ALICE, wrongChecksum);

        assertEquals(2, reassembler.stats().droppedChunkSets());
    }

    @Test
    void accept_duplicateIndexWithDifferentContent_dropsSet() {
        List<Chunk> chunks = ChunkSplitter.split(text(3_000, new Random(5)), 1024);
        Chunk original = chunks.get(1);
        byte[] other = original.data().clone();
        other[0] ^= 1;

        reassembler.accept(ALICE, original);
        reassembler.accept(ALICE, new Chunk(original.transferId(), 1, original.count(), original.totalBytes(),
                original.sha256(), other));

        assertEquals(1, reassembler.stats().droppedChunkSets());
        assertEquals(0, reassembler.stats().bufferedBytes());
    }

    @Test
    void accept_tamperedData_failsChecksumAtCompletion() {
        List<Chunk> chunks = ChunkSplitter.split(text(2_000, new Random(6)), 1024);
        Chunk last = chunks.get(1);
        byte[] tampered = last.data().clone();
        tampered[tampered.length - 1] ^= 1;

        reassembler.accept(ALICE, chunks.get(0));
        Optional<String> result = reassembler.accept(ALICE, new Chunk(last.transferId(), 1, last.count(),
                last.totalBytes(), last.sha256(), tampered));

        assertEquals(Optional.empty(), result);
        assertEquals(1, reassembler.stats().droppedChunkSets());
        assertEquals(0, reassembler.stats().completedTransfers());
    }

    @Test
    void accept_incompleteSet_isDroppedWhenTimeRunsOut() {
        List<Chunk> chunks = ChunkSplitter.split(text(3_000, new Random(8)), 1024);
        reassembler.accept(ALICE, chunks.get(0));

        timers.advance(Duration.ofSeconds(59));
        assertEquals(1, reassembler.stats().partialTransfers());
        timers.advance(Duration.ofSeconds(1));

        ChunkStats stats = reassembler.stats();
        assertEquals(0, stats.partialTransfers());
        assertEquals(1, stats.droppedChunkSets());
        assertEquals(0, stats.bufferedBytes());
        assertEquals(Optional.empty(), reassembler.accept(ALICE, chunks.get(1)), "late chunks do not reopen it");
    }

    @Test
    void accept_moreOpenTransfersThanAllowed_dropsTheNewOnesOnlyForThatSender() {
        for (int i = 0; i < 50; i++) {
            reassembler.accept(MALLORY, ChunkSplitter.split(text(3_000, new Random(i)), 1024).get(0));
        }
        String payload = text(3_000, new Random(99));
        List<String> delivered = new ArrayList<>();
        for (Chunk chunk : ChunkSplitter.split(payload, 1024)) reassembler.accept(ALICE, chunk).ifPresent(delivered::add);

        ChunkStats stats = reassembler.stats();
        assertEquals(48, stats.droppedChunkSets(), "all but maxPartialTransfersPerSender (2) of the flood");
        assertEquals(2, stats.partialTransfers());
        assertEquals(List.of(payload), delivered, "another sender is unaffected");
    }

    @Test
    void accept_declaredSizeOrCountAboveLimits_dropsSet() {
        Chunk small = ChunkSplitter.split("x".repeat(2_000), 1024).get(0);
        Chunk tooLong = new Chunk("a", 0, 2, limits.maxPayloadBytes() + 1, small.sha256(), small.data());
        Chunk tooMany = new Chunk("b", 0, limits.maxChunks() + 1, 9_000, small.sha256(), small.data());
        Chunk countAboveBytes = new Chunk("c", 0, 50, 20, small.sha256(), new byte[10]);

        reassembler.accept(ALICE, tooLong);
        reassembler.accept(ALICE, tooMany);
        reassembler.accept(ALICE, countAboveBytes);

        assertEquals(3, reassembler.stats().droppedChunkSets());
        assertEquals(0, reassembler.stats().partialTransfers());
    }

    @Test
    void accept_chunksHoldingMoreThanDeclared_dropsSet() {
        Chunk first = ChunkSplitter.split("y".repeat(3_000), 1024).get(0);
        byte[] data = new byte[1024];

        reassembler.accept(ALICE, new Chunk("d", 0, 3, 1500, first.sha256(), data));
        reassembler.accept(ALICE, new Chunk("d", 1, 3, 1500, first.sha256(), data));

        assertEquals(1, reassembler.stats().droppedChunkSets());
    }

    @Test
    void accept_bufferAcrossSendersFull_dropsSet() {
        ReassemblyLimits tight = new ReassemblyLimits(10_000, 64, 2, 10_000, Duration.ofSeconds(60));
        ChunkReassembler bounded = new ChunkReassembler(tight, timers);
        for (int sender = 0; sender < 6; sender++) {
            List<Chunk> chunks = ChunkSplitter.split(text(9_000, new Random(sender)), 1024);
            for (Chunk c : chunks.subList(0, 2)) bounded.accept("s" + sender + "@pmad.test", c);
        }

        assertTrue(bounded.stats().bufferedBytes() <= 10_000, bounded.stats().toString());
        assertEquals(2, bounded.stats().droppedChunkSets(), "the two senders whose second chunk overflowed");
    }

    @Test
    void rejectMalformed_isCounted() {
        reassembler.rejectMalformed(MALLORY, "missing attribute 'index'");

        assertEquals(1, reassembler.stats().droppedChunks());
    }

    static String text(int length, Random random) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append((char) ('a' + random.nextInt(26)));
        return b.toString();
    }
}
