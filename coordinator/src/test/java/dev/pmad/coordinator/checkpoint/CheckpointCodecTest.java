package dev.pmad.coordinator.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.StrategyState;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.privacy.CentralPrivacy;
import dev.pmad.coordinator.privacy.PrivacyState;
import dev.pmad.coordinator.privacy.RunPrivacy;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointCodecTest {
    private static final ModelShape SHAPE = new ModelShape(2, 3);
    private static final Path FILE = Path.of("state", StateDirectory.FILE);
    private static final CoordinatorConfig.PrivacySettings CENTRAL =
            new CoordinatorConfig.PrivacySettings(PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, 2.0, 1e-5, 1.5);

    static Stream<StrategyState> everyStrategyStateKind() {
        return Stream.of(StrategyState.Stateless.INSTANCE,
                new StrategyState.Velocity(Weights.of(0.1, -0.2, 0.3, 1e-300, -0.0, 4, 5, 6)),
                new StrategyState.Moments(Weights.of(1, 2, 3, 4, 5, 6, 7, 8), Weights.of(0, 0.5, 1, 1e-9, 2, 3, 4, 5)),
                new StrategyState.ServerControl(Weights.of(Math.PI, -Math.E, 0, 1, 2, 3, 4, 5)),
                new StrategyState.GramSum(Weights.of(1, 2, 3, 4, 5, 6), List.of("agent-2", "agent-1")));
    }

    static Stream<PrivacyState> everyPrivacyMode() {
        var record = new CoordinatorConfig.PrivacySettings(PrivacyMode.RECORD, NoiseKind.GAUSSIAN, 1.0, 1e-6, 0.8);
        var local = new CoordinatorConfig.PrivacySettings(PrivacyMode.LOCAL, NoiseKind.LAPLACE, 3.0, 1e-5, 2.0);
        return Stream.of(new PrivacyState.None(CoordinatorConfig.PrivacySettings.NONE, 1.0),
                new PrivacyState.Local(local, 0.5, 4.25, 1.125),
                new PrivacyState.Record(record, 1.0, false, 0, Map.of("agent-1#120", 1.3, "agent-2#95", 1.4), 0.7),
                new PrivacyState.Record(record, 1.0, true, 2.5, Map.of(), 0.3),
                centralAfterRounds(3).state(), adaptiveAfterRounds(3).state());
    }

    private static final CoordinatorConfig.PrivacySettings ADAPTIVE = new CoordinatorConfig.PrivacySettings(
            PrivacyMode.CENTRAL, NoiseKind.GAUSSIAN, 2.0, 1e-5, 0.1, new CoordinatorConfig.PrivacySettings.AdaptiveClip(0.5));

    /** An adaptive-clipping run after {@code rounds} rounds in which every one of 5 updates was clipped. */
    private static CentralPrivacy adaptiveAfterRounds(int rounds) {
        var privacy = (CentralPrivacy) RunPrivacy.plan(ADAPTIVE, Strategies.parse("fedavg"), 10, training(), 1.0,
                new java.util.Random(5));
        var clipped = java.util.Collections.nCopies(5, new AgentUpdate("a", Weights.of(1, 1), 10, 0, 0, 0,
                Weights.zeros(0), Weights.zeros(0), Weights.zeros(0), false));
        for (int i = 0; i < rounds; i++) {
            privacy.afterRound(clipped);
            privacy.adaptClip(clipped, clipped.size());
        }
        return privacy;
    }

    @Test
    void anAdaptiveClippingRunResumesAtTheClipItsLastRoundSet() {
        CentralPrivacy before = adaptiveAfterRounds(4);
        assertTrue(before.clipNorm() != ADAPTIVE.clipNorm(), "the clip moved: " + before.clipNorm());
        var restored = (CentralPrivacy) RunPrivacy.restore(CheckpointCodec.decode(FILE,
                CheckpointCodec.encode(checkpoint(StrategyState.Stateless.INSTANCE, before.state()))).privacy(), training());
        assertTrue(restored.adaptive());
        assertEquals(before.clipNorm(), restored.clipNorm(), 0);
        assertEquals(before.sumNoiseMultiplier(), restored.sumNoiseMultiplier(), 0);
        assertEquals(before.state(), restored.state());
        assertEquals(ADAPTIVE, restored.settings());
    }

    @Test
    void aCheckpointOfProtocol3_writtenBeforeAdaptiveClipping_stillLoads() throws Exception {
        // What version 3 wrote: no adaptive fields, no round clip norms; the checksum as documented.
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(CheckpointCodec.encode(
                checkpoint(StrategyState.Stateless.INSTANCE, centralAfterRounds(2).state())));
        root.put("protocolVersion", 3);
        root.remove("checksum");
        for (var r : root.get("results")) ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("clipNorm");
        byte[] canonical = json.writeValueAsBytes(root);
        root.put("checksum", java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(canonical)));
        RunCheckpoint read = CheckpointCodec.decode(FILE, json.writeValueAsBytes(root));
        assertEquals(centralAfterRounds(2).state(), read.privacy());
        assertEquals(0, read.results().get(0).clipNorm(), 0, "not recorded then");
        assertEquals(CENTRAL.clipNorm(), ((PrivacyState.Central) read.privacy()).clipNorm(), 0);
    }

    private static RunPrivacy centralAfterRounds(int rounds) {
        RunPrivacy privacy = RunPrivacy.plan(CENTRAL, Strategies.parse("fedavg"), 10, training(), 1.0);
        for (int i = 0; i < rounds; i++) privacy.afterRound(List.of());
        return privacy;
    }

    @ParameterizedTest
    @MethodSource("everyStrategyStateKind")
    void aCheckpointWithEveryStrategyStateKindReadsBackToTheSameBytes(StrategyState state) {
        assertRoundTrip(checkpoint(state, everyPrivacyMode().findFirst().orElseThrow()));
    }

    @ParameterizedTest
    @MethodSource("everyPrivacyMode")
    void aCheckpointInEveryPrivacyModeReadsBackToTheSameBytes(PrivacyState privacy) {
        RunCheckpoint read = assertRoundTrip(checkpoint(StrategyState.Stateless.INSTANCE, privacy));
        assertEquals(privacy, read.privacy());
    }

    @Test
    void vectorsComeBackBitForBit() {
        var state = new StrategyState.Moments(Weights.of(0.1, 0.2, 0.30000000000000004, -0.0, 1e-310, 8, 9, 10),
                Weights.of(1, 2, 3, 4, 5, 6, 7, 8));
        RunCheckpoint read = assertRoundTrip(checkpoint(state, new PrivacyState.None(CoordinatorConfig.PrivacySettings.NONE, 1)));
        assertEquals(state, read.strategyState());
        assertArrayEquals(new double[] {0.5, -1.25, 1e-17, 3, 4, 5, 6, 7}, read.global().toArray());
        assertTrue(Double.isNaN(read.results().get(0).metrics().loss()), "NaN survives as a string");
    }

    @Test
    void aRestoredCentralAccountantSpendsExactlyAsAnUninterruptedOne() {
        RunPrivacy uninterrupted = centralAfterRounds(3);
        RunPrivacy restored = RunPrivacy.restore(CheckpointCodec.decode(FILE,
                CheckpointCodec.encode(checkpoint(StrategyState.Stateless.INSTANCE, centralAfterRounds(3).state()))).privacy(),
                training());
        assertEquals(uninterrupted.afterRound(List.of()), restored.afterRound(List.of()));
        assertEquals(uninterrupted.state(), restored.state());
    }

    @Test
    void aCentralCheckpointWithoutItsRoundCount_resumesUnderRdpAlone() {
        // Written before the PLD kept its round count: the RDP curve is all there is, and it is a
        // valid bound on its own; the PLD of an unknown number of rounds is not.
        PrivacyState.Central saved = (PrivacyState.Central) centralAfterRounds(3).state();
        assertEquals(3, saved.roundsCharged());
        var older = new PrivacyState.Central(saved.settings(), saved.samplingRate(), saved.noiseMultiplier(),
                saved.orders(), saved.rdp(), -1);
        RunPrivacy restored = RunPrivacy.restore(older, training());
        var rdp = new dev.pmad.privacy.accounting.RdpAccountant();
        rdp.composeGaussian(saved.noiseMultiplier(), 4);
        assertEquals(rdp.epsilon(CENTRAL.delta()), restored.afterRound(List.of()), 1e-12);
        assertTrue(restored.afterRound(List.of()) >= centralAfterRounds(4).afterRound(List.of()) - 1e-12,
                "RDP alone is never below the tighter accountant for the same rounds");
    }

    @Test
    void aFlippedCharacterFailsTheChecksumInOneLineNamingTheFile() {
        String text = new String(CheckpointCodec.encode(checkpoint(StrategyState.Stateless.INSTANCE,
                everyPrivacyMode().findFirst().orElseThrow())), StandardCharsets.UTF_8);
        String edited = text.replace("\"targetRounds\" : 12", "\"targetRounds\" : 13");
        assertFalse(edited.equals(text), "the edit must change the file");
        var e = assertThrows(CheckpointException.class, () -> decode(edited));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(FILE.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void anotherSchemaVersionIsRefusedBeforeItsChecksumIsLookedAt() {
        String text = encoded().replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2");
        var e = assertThrows(CheckpointException.class, () -> decode(text));
        assertTrue(e.getMessage().contains("schema version 2"), e.getMessage());
    }

    @Test
    void anotherProtocolVersionIsRefused() {
        String text = encoded().replace("\"protocolVersion\" : " + Message.PROTOCOL_VERSION,
                "\"protocolVersion\" : " + (Message.PROTOCOL_VERSION + 1));
        var e = assertThrows(CheckpointException.class, () -> decode(text));
        assertTrue(e.getMessage().contains("protocol version " + (Message.PROTOCOL_VERSION + 1)), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRefusedAsDamaged() {
        String text = encoded();
        var e = assertThrows(CheckpointException.class, () -> decode(text.substring(0, text.length() / 2)));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void theStateDirectoryKeepsTheLatestCheckpointAndForgetsAnEndedRunAsUnfinished(@TempDir Path dir) {
        var directory = new StateDirectory(dir.resolve("state"));
        assertTrue(directory.read().isEmpty());
        RunCheckpoint c = checkpoint(StrategyState.Stateless.INSTANCE, everyPrivacyMode().findFirst().orElseThrow());
        directory.write(c);
        assertEquals(c.runId(), directory.unfinished().orElseThrow().runId());
        directory.write(c.ended("COMPLETED", "all 12 rounds done"));
        assertTrue(directory.unfinished().isEmpty());
        assertEquals("COMPLETED", directory.read().orElseThrow().outcome());
        assertFalse(Files.exists(dir.resolve("state").resolve("." + StateDirectory.FILE + ".tmp")));
    }

    private static String encoded() {
        return new String(CheckpointCodec.encode(checkpoint(StrategyState.Stateless.INSTANCE,
                everyPrivacyMode().findFirst().orElseThrow())), StandardCharsets.UTF_8);
    }

    private static RunCheckpoint decode(String text) {
        return CheckpointCodec.decode(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    private static RunCheckpoint assertRoundTrip(RunCheckpoint c) {
        byte[] bytes = CheckpointCodec.encode(c);
        RunCheckpoint read = CheckpointCodec.decode(FILE, bytes);
        assertArrayEquals(bytes, CheckpointCodec.encode(read));
        assertEquals(c.strategyState(), read.strategyState());
        assertEquals(c.global(), read.global());
        assertEquals(c.standardization(), read.standardization());
        assertEquals(c.participants(), read.participants());
        assertInstanceOf(c.privacy().getClass(), read.privacy());
        return read;
    }

    private static TrainingParams training() {
        return new TrainingParams(1, 0.1, 32, 7);
    }

    static RunCheckpoint checkpoint(StrategyState state, PrivacyState privacy) {
        var round1 = new RoundResult(1, List.of("agent-1", "agent-2"), List.of(new AgentFailure("agent-3", "lost: no heartbeat")),
                new Metrics(0.75, Double.NaN, 0.5, 0.625, 0.55, 40, new long[] {10, 5, 5, 20}), 0.25, 2,
                Map.of("agent-1", 0.5), Map.of("agent-1", 20, "agent-2", 20), 1.5, 0.75, List.of(), 0.42);
        var round2 = new RoundResult(2, List.of("agent-1"), List.of(), Metrics.EMPTY, 0.5, 0, Map.of(), Map.of(), 1, 0);
        return new RunCheckpoint("run-20250101-000000-abcd", null, null, Instant.parse("2025-01-01T00:00:00Z"), 12, 2, 0,
                "fingerprint", SHAPE, new RunStrategy("fedadam", Map.of("eta", 0.1)), "fedadam", 40, 2, 1.0, 2, privacy,
                0.5, Weights.of(0.5, -1.25, 1e-17, 3, 4, 5, 6, 7), state,
                new Standardization(Weights.of(1, 2, 3), Weights.of(0.5, 1, 2)),
                List.of(new RunCheckpoint.Participant("agent-1", 20, 2)), List.of(round1, round2));
    }
}
