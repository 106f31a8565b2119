package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator goes away in the middle of a run and a new one, which knows no agent, takes
 * its account. The agents notice (it answers their heartbeats with "rejoin") and JOIN again.
 */
class CoordinatorRestartTest {
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
    void coordinatorRestartedMidRun_agentsJoinTheNewOne_andANewRunCompletes() throws Exception {
        Map<String, String> settings = Map.of("MIN_AGENTS", "5", "TARGET_ROUNDS", "50");
        CoordinatorNode first = parties.coordinator(settings);
        for (int i = 1; i <= 5; i++) parties.agent(i, 5);
        Parties.awaitJoined(first, 5);
        var roundOneDone = new CountDownLatch(1);
        first.coordinator().addListener(new CoordinatorListener() {
            @Override
            public void onRoundCompleted(String runId, RoundResult result) {
                roundOneDone.countDown();
            }
        });
        first.coordinator().startRun(50);
        assertTrue(roundOneDone.await(30, TimeUnit.SECONDS), "round 1 of the first run did not complete");

        first.close(); // mid-run: 50 rounds take far longer than this
        CoordinatorNode second = parties.coordinator(settings);
        Parties.awaitJoined(second, 5);
        RunSummary summary = second.run(2, Duration.ofSeconds(60));

        assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
        assertEquals(5, summary.rounds().get(0).participants().size());
        long unknown = second.coordinator().rejectedCounts().getOrDefault("unknown-sender", 0L);
        assertTrue(unknown >= 1, "agents were told to rejoin after a message the new coordinator did not expect: "
                + second.coordinator().rejectedCounts());
    }
}
