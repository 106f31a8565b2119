package dev.pmad.cli.xmpp;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XMPP server restarts in the middle of a run, between two rounds: every connection drops at
 * once and the next round's ROUND_STARTs cannot go out. Both sides reconnect by themselves; the
 * coordinator sends the round to each agent once it hears from it, so the run completes; a new
 * run completes on the same processes.
 */
class ProsodyRestartTest {
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
    void prosodyRestartedMidRun_bothSidesReconnect_theRunCompletes_andANewRunCompletes() throws Exception {
        // Agents are lost only after 30 s: the restart, not the liveness check, is under test.
        CoordinatorNode coordinator = parties.coordinator(Map.of("MIN_AGENTS", "5", "ROUND_TIMEOUT", "10s",
                "MISSED_HEARTBEATS", "30"));
        List<AgentNode> agents = new ArrayList<>();
        for (int i = 1; i <= 5; i++) agents.add(parties.agent(i, 5));
        Parties.awaitJoined(coordinator, 5);
        var restarted = new AtomicBoolean();
        coordinator.coordinator().addListener(new CoordinatorListener() {
            @Override
            public void onRoundCompleted(String runId, RoundResult result) {
                // On the loop thread, on purpose: round 2 starts only once the server is back,
                // and every connection has just been cut.
                if (result.round() == 1 && restarted.compareAndSet(false, true)) PROSODY.restart();
            }
        });

        RunSummary first = coordinator.run(4, Duration.ofSeconds(90));

        assertEquals(Outcome.COMPLETED, first.outcome(), first.reason());
        assertEquals(4, first.rounds().size());
        assertTrue(restarted.get());
        assertFalse(first.rounds().isEmpty());
        await().atMost(Parties.DEADLINE).untilAsserted(() -> assertTrue(() -> coordinator.transport().isConnected()
                        && agents.stream().allMatch(a -> a.transport().isConnected()), () -> "everyone reconnected; coordinator " + coordinator.transport().lastFailure()));
        Parties.awaitJoined(coordinator, 5);
        RunSummary second = coordinator.run(2, Duration.ofSeconds(60));
        assertEquals(Outcome.COMPLETED, second.outcome(), second.reason());
        assertEquals(5, second.rounds().get(1).participants().size());
        System.out.printf("run across the Prosody restart: %s after %d rounds (%s)%n", first.outcome(),
                first.rounds().size(), first.reason());
    }
}
