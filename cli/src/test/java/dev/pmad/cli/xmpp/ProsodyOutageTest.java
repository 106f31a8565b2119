package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.Phase;
import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of surviving faults: the XMPP server is stopped for 10 s in the middle of a
 * round, just after the coordinator sent its ROUND_STARTs, and started again on the same port
 * with the same accounts, as an operator's restart or a crash and a supervisor would. Every
 * connection drops; updates the agents send meanwhile are lost. The run completes, no agent is
 * recorded as lost or failed for the coordinator's outage, and the round is redone rather than
 * timed out.
 */
class ProsodyOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int OUTAGE_ROUND = 3;

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
        PROSODY.start(); // a no-op unless a failed test left it stopped
    }

    @Test
    void prosodyStoppedForTenSecondsMidRound_runCompletes_andNoAgentIsLostOrFailedForIt() throws Exception {
        // Agents heartbeat every second and count as lost after 3 silent ones: without the pause and
        // grace for the coordinator's own outage they would be lost long before the server is back.
        CoordinatorNode coordinator = parties.coordinator(Map.of("MIN_AGENTS", "5", "ROUND_TIMEOUT", "60s",
                "STRATEGY", "fedavg"));
        for (int i = 1; i <= 5; i++) parties.agent(i, 5);
        Parties.awaitJoined(coordinator, 5);

        var lostViews = new CopyOnWriteArrayList<AgentView>();
        var events = new CopyOnWriteArrayList<String>();
        var outageStarted = new AtomicBoolean();
        var serverBack = new AtomicBoolean();
        coordinator.coordinator().addListener(new CoordinatorListener() {
            @Override
            public void onPhaseChanged(Phase phase, String runId, int round, int targetRounds, String reason) {
                if (phase == Phase.TRAINING && round == OUTAGE_ROUND && outageStarted.compareAndSet(false, true)) {
                    // On the loop thread, on purpose: the ROUND_STARTs are out and no update can be
                    // handled before the server is gone; the agents' answers go into the outage.
                    PROSODY.stop();
                    // The outage lasts OUTAGE: the server comes back on a timer, not after a wait for anything.
                    CompletableFuture.runAsync(() -> {
                        PROSODY.start();
                        serverBack.set(true);
                    }, CompletableFuture.delayedExecutor(OUTAGE.toMillis(), TimeUnit.MILLISECONDS));
                }
            }

            @Override
            public void onAgentsChanged(List<AgentView> views) {
                views.stream().filter(v -> "LOST".equals(v.state())).forEach(lostViews::add);
            }

            @Override
            public void onEvent(String level, String message) {
                events.add(level + ": " + message);
            }
        });

        RunSummary summary = coordinator.run(6, Duration.ofMinutes(3));

        assertTrue(outageStarted.get() && serverBack.get(), "the server was stopped and started in the run");
        assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
        assertEquals(6, summary.rounds().size());
        for (RoundResult round : summary.rounds()) {
            assertEquals(List.of(), round.failures(), "round " + round.round() + " blamed agents");
            assertEquals(5, round.participants().size(), "round " + round.round() + ": " + round.participants());
        }
        assertEquals(List.of(), lostViews, "agents recorded as lost");
        assertTrue(events.stream().noneMatch(e -> e.contains("agent lost")), String.join("\n", events));
        assertTrue(events.stream().anyMatch(e -> e.contains("coordinator lost its connection")), String.join("\n", events));
        assertTrue(events.stream().anyMatch(e -> e.contains("coordinator reconnected")), String.join("\n", events));
        System.out.printf("run across a %d s Prosody outage in round %d: %s; %s%n", OUTAGE.toSeconds(), OUTAGE_ROUND,
                summary.outcome(), events.stream().filter(e -> e.contains("reconnected") || e.contains("again")).toList());
    }
}
