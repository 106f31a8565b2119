package dev.pmad.cli.xmpp;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.protocol.Heartbeat;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Weights;
import dev.pmad.testing.ProsodyServer;
import dev.pmad.transport.xmpp.ChunkStats;
import dev.pmad.transport.xmpp.RawXmppClient;
import dev.pmad.transport.xmpp.ReassemblyLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input reaching a running coordinator over a real Prosody, each sent by a client of its own
 * account: dropped, counted by reason, and the state machine keeps working (a run completes
 * with the three honest agents).
 */
class BadInputOverXmppTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @TempDir
    Path dir;

    private Parties parties;
    private CoordinatorNode coordinator;

    @BeforeEach
    void honestFederation() throws Exception {
        parties = new Parties(PROSODY, dir);
        coordinator = parties.coordinator(Map.of("MIN_AGENTS", "3", "TARGET_ROUNDS", "2"));
        for (int i = 1; i <= 3; i++) parties.agent(i, 3);
        Parties.awaitJoined(coordinator, 3);
    }

    @AfterEach
    void stop() {
        parties.close();
    }

    @Test
    void malformedJson_isDroppedAndCounted_andARunStillCompletes() throws Exception {
        try (Impostor mallory = impostor()) {
            mallory.sendRaw("{\"v\":" + Message.PROTOCOL_VERSION + ",\"type\":\"HEARTBEAT\",\"runId\":");

            awaitRejected("malformed", 1);
            assertRunCompletes();
        }
    }

    @Test
    void unknownMessageType_isDroppedAndCounted_andARunStillCompletes() throws Exception {
        try (Impostor mallory = impostor()) {
            mallory.sendRaw("{\"v\":" + Message.PROTOCOL_VERSION + ",\"type\":\"SEND_ME_YOUR_DATA\",\"runId\":\"\",\"round\":0,\"sender\":\"" + mallory.jid() + "\"}");

            awaitRejected("unknown-type", 1);
            assertRunCompletes();
        }
    }

    @Test
    void messageFromAJidThatIsNotARegisteredAgent_isDroppedCountedAndToldToJoin() throws Exception {
        try (Impostor mallory = impostor()) {
            mallory.send(new Heartbeat("", 0, mallory.jid(), "READY"));

            awaitRejected("unknown-sender", 1);
            JoinAck ack = mallory.next(JoinAck.class);
            assertFalse(ack.accepted());
            assertTrue(ack.reason().startsWith(JoinAck.REJOIN), ack.reason());
            assertRunCompletes();
            assertFalse(coordinator.coordinator().snapshot().agents().stream().anyMatch(a -> a.id().equals(mallory.jid())),
                    "an unknown sender is not added to the roster");
        }
    }

    @Test
    void updateForAStaleRoundOrRun_isDroppedAndCounted_andTheRunCompletes() throws Exception {
        try (Impostor mallory = joinedImpostor()) {
            mallory.playAlong(start -> {
                if (start.round() != 2) return;
                mallory.send(update(mallory, start.runId(), 1, Weights.zeros(start.shape().size())));
                mallory.send(update(mallory, "run-from-last-week", 2, Weights.zeros(start.shape().size())));
            });

            RunSummary summary = assertRunCompletes();

            assertEquals(1L, rejected("late"), "the update for round 1, sent in round 2");
            assertEquals(1L, rejected("stale-run"), "the update for another run");
            assertEquals(1, summary.rounds().get(1).rejectedUpdates(), "round 2 counted its late update");
        }
    }

    @Test
    void updateWithWrongDimensions_isDroppedAndCounted_andTheRunCompletes() throws Exception {
        try (Impostor mallory = joinedImpostor()) {
            mallory.playAlong(start -> {
                if (start.round() == 1) mallory.send(update(mallory, start.runId(), 1, Weights.zeros(start.shape().size() + 1)));
            });

            RunSummary summary = assertRunCompletes();

            assertEquals(1L, rejected("wrong-dimensions"));
            assertFalse(summary.rounds().get(0).participants().contains(mallory.jid()));
        }
    }

    @Test
    void updateWithNaNWeights_isDroppedAndCounted_andTheRunCompletes() throws Exception {
        try (Impostor mallory = joinedImpostor()) {
            mallory.playAlong(start -> {
                if (start.round() != 1) return;
                // By hand: Weights refuses to hold a NaN, so no honest encoder can produce this.
                mallory.sendRaw(updateJson(mallory.jid(), start.runId(), 1, nanBase64(start.shape().size())));
            });

            RunSummary summary = assertRunCompletes();

            assertEquals(1L, rejected("invalid"), "the NaN update, refused by validation: " + rejectedCounts());
            assertFalse(summary.rounds().get(0).participants().contains(mallory.jid()));
        }
    }

    @Test
    void chunkFlood_isDroppedAndCounted_andARunStillCompletes() throws Exception {
        int flood = 200;
        int allowance = ReassemblyLimits.DEFAULT.maxPartialTransfersPerSender();
        String sha256 = Base64.getEncoder().encodeToString(new byte[32]);
        String data = Base64.getEncoder().encodeToString(new byte[1000]);
        try (RawXmppClient mallory = RawXmppClient.connect(PROSODY.settingsFor(parties.account("mallory")))) {
            // Each chunk opens a transfer of ten that never completes.
            for (int i = 0; i < flood; i++) {
                mallory.sendChunk(parties.coordinatorJid(), Map.of("id", "flood-" + i, "index", "0", "count", "10",
                        "length", "10000", "sha256", sha256), data);
            }

            await().atMost(Parties.DEADLINE).untilAsserted(() -> assertTrue(() -> coordinator.transport().chunkStats().droppedChunkSets() == flood - allowance, () -> "all but " + allowance + " flood transfers dropped: " + coordinator.transport().chunkStats()));
            assertRunCompletes();
            ChunkStats stats = coordinator.transport().chunkStats();
            assertEquals(allowance, stats.partialTransfers(), "only the sender's allowance is held: " + stats);
            assertEquals(flood - allowance, rejected("chunk-set-dropped"), "chunk drops are in the coordinator's counts,"
                    + " and with them in /metrics: " + rejectedCounts());
            assertTrue(coordinator.transport().isConnected());
        }
    }

    private Impostor impostor() throws InterruptedException {
        return new Impostor(PROSODY.settingsFor(parties.account("mallory")), parties.coordinatorJid());
    }

    /** An impostor that joined like an agent, with real statistics: the coordinator selects it for rounds. */
    private Impostor joinedImpostor() throws Exception {
        Impostor mallory = impostor();
        mallory.join(parties.data(1, 3));
        Parties.awaitJoined(coordinator, 4);
        return mallory;
    }

    private RunSummary assertRunCompletes() throws InterruptedException {
        RunSummary summary = coordinator.run(2, RUN_LIMIT);
        assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
        assertEquals(2, summary.rounds().size());
        assertEquals(3, summary.rounds().get(1).participants().size(), "the three honest agents took part");
        return summary;
    }

    private void awaitRejected(String reason, long count) {
        await().atMost(Parties.DEADLINE).untilAsserted(() -> assertTrue(() -> rejected(reason) == count, () -> count + " rejections for '" + reason + "': " + rejectedCounts()));
    }

    private long rejected(String reason) {
        return rejectedCounts().getOrDefault(reason, 0L);
    }

    private Map<String, Long> rejectedCounts() {
        return coordinator.coordinator().rejectedCounts();
    }

    private static ModelUpdate update(Impostor from, String runId, int round, Weights delta) {
        return new ModelUpdate(runId, round, from.jid(), delta, 50, 0.5, 0, 0.01);
    }

    private static String updateJson(String sender, String runId, int round, String deltaBase64) {
        return "{\"v\":" + Message.PROTOCOL_VERSION + ",\"type\":\"MODEL_UPDATE\",\"runId\":\"" + runId + "\",\"round\":" + round + ",\"sender\":\""
                + sender + "\",\"delta\":\"" + deltaBase64 + "\",\"samples\":50,\"trainLoss\":0.5,\"epsilonSpent\":0.0,"
                + "\"trainSeconds\":0.01,\"gradient\":\"\",\"curvature\":\"\",\"control\":\"\",\"unclipped\":false}";
    }

    /** Base64 of {@code size} little-endian doubles, the third of them NaN. */
    private static String nanBase64(int size) {
        ByteBuffer buffer = ByteBuffer.allocate(size * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) buffer.putDouble(i == 2 ? Double.NaN : 0.0);
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
