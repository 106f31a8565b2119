package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.Phase;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent process dies (SIGKILL) while it is awaited in a round, and perhaps comes back: the
 * round goes on with the others and the run completes. Four agents run in this JVM; the fifth,
 * the victim, is a {@code pmad agent} process.
 */
class AgentFaultsTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @TempDir
    Path dir;

    private Parties parties;

    @BeforeEach
    void parties() {
        parties = new Parties(PROSODY, dir);
    }

    @AfterEach
    void stop() {
        parties.close();
    }

    @Test
    void agentKilledMidRound_roundClosesAtTheTimeoutWithTheOthers_andTheRunCompletes() throws Exception {
        // MIN_AGENTS=4: a round may close without the victim. Lost only after 30 s of silence, so
        // that the round timeout, not the liveness check, closes round 2.
        CoordinatorNode coordinator = parties.coordinator(Map.of("MIN_AGENTS", "4", "ROUND_TIMEOUT", "4s",
                "MISSED_HEARTBEATS", "30"));
        PmadProcess victim = startFederation(coordinator);
        killWhenRoundStarts(coordinator, 2, victim, null);

        RunSummary summary = coordinator.run(2, RUN_LIMIT);

        assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
        assertEquals(2, summary.rounds().size());
        assertTrue(summary.rounds().get(0).participants().contains(victimJid()), "the victim took part in round 1");
        RoundResult round2 = summary.rounds().get(1);
        assertEquals(honestAgents(), round2.participants());
        AgentFailure failure = failureOf(round2, victimJid());
        assertTrue(failure.reason().contains("ROUND_TIMEOUT"), failure.reason());
        assertTrue(round2.roundSeconds() >= 4, "round 2 waited for the timeout: " + round2.roundSeconds() + " s");
    }

    @Test
    void agentKilledAndRestarted_rejoinsAndTakesPartFromTheNextRound() throws Exception {
        CoordinatorNode coordinator = parties.coordinator(Map.of("MIN_AGENTS", "4", "ROUND_TIMEOUT", "60s",
                "MISSED_HEARTBEATS", "30"));
        PmadProcess victim = startFederation(coordinator);
        var restarted = new AtomicReference<PmadProcess>();
        killWhenRoundStarts(coordinator, 2, victim, () -> restarted.set(parties.agentProcess(5, 5, Map.of())));

        RunSummary summary = coordinator.run(3, RUN_LIMIT);

        assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
        RoundResult round2 = summary.rounds().get(1);
        assertEquals(honestAgents(), round2.participants());
        AgentFailure failure = failureOf(round2, victimJid());
        assertTrue(failure.reason().contains("rejoined"), failure.reason());
        assertTrue(round2.roundSeconds() < 60, "the rejoin, not the timeout, closed round 2");
        assertEquals(5, summary.rounds().get(2).participants().size(), "the restarted agent is back in round 3");
        assertTrue(restarted.get().isAlive());
    }

    /** Coordinator in this JVM, agents 1-4 in this JVM, agent 5 in its own process; all joined. */
    private PmadProcess startFederation(CoordinatorNode coordinator) {
        for (int i = 1; i <= 4; i++) parties.agent(i, 5);
        PmadProcess victim = parties.agentProcess(5, 5, Map.of());
        Parties.awaitJoined(coordinator, 5);
        return victim;
    }

    /**
     * Kills the victim as round {@code round} enters TRAINING: its ROUND_START is on the wire and
     * it is awaited. Runs on the coordinator's loop thread, which therefore cannot see an answer
     * from the victim first. Then runs {@code afterwards}, if any.
     */
    private static void killWhenRoundStarts(CoordinatorNode coordinator, int round, PmadProcess victim, Runnable afterwards) {
        coordinator.coordinator().addListener(new CoordinatorListener() {
            @Override
            public void onPhaseChanged(Phase phase, String runId, int r, int targetRounds, String reason) {
                if (phase == Phase.TRAINING && r == round && victim.isAlive()) {
                    victim.kill();
                    if (afterwards != null) afterwards.run();
                }
            }
        });
    }

    private String victimJid() {
        return "agent-5@" + PROSODY.domain();
    }

    private List<String> honestAgents() {
        return List.of(1, 2, 3, 4).stream().map(i -> "agent-" + i + "@" + PROSODY.domain()).toList();
    }

    private static AgentFailure failureOf(RoundResult round, String agent) {
        return round.failures().stream().filter(f -> f.agent().equals(agent)).findFirst()
                .orElseThrow(() -> new AssertionError(agent + " is not among round " + round.round() + "'s failures "
                        + round.failures()));
    }
}
