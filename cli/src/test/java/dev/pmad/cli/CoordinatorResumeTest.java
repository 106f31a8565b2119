package dev.pmad.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.cli.xmpp.PmadProcess;
import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of coordinator checkpoints: {@code pmad simulate --state-dir D} killed with SIGKILL
 * after round 6 of 12 and started again with the same arguments resumes the run and ends with
 * exactly the model of an uninterrupted run. FedAdam, so the strategy's moments must survive too.
 */
class CoordinatorResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void aSimulationKilledAfterRoundSixResumesAndEndsWithExactlyTheModelOfAnUninterruptedRun() throws Exception {
        Path data = syntheticData(dir.resolve("rows.csv"));
        Map<String, String> env = Map.of("RUNS_DIR", dir.resolve("runs").toString());

        JsonNode uninterrupted;
        try (PmadProcess whole = PmadProcess.start("uninterrupted", env, dir, args(data, dir.resolve("state-a")))) {
            assertEquals(0, whole.awaitExit(Duration.ofMinutes(5)), whole.tail(30));
            uninterrupted = JSON.readTree(whole.stdout());
        }

        var killedState = new StateDirectory(dir.resolve("state-b"));
        try (PmadProcess first = PmadProcess.start("killed", env, dir, args(data, dir.resolve("state-b")))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> checkpointedRound(killedState) >= 6 || !first.isAlive());
            first.kill(); // SIGKILL: no shutdown hook runs
        }
        RunCheckpoint atKill = killedState.read().orElseThrow();
        assertTrue(atKill.unfinished() && atKill.round() >= 6 && atKill.round() < 12,
                "the run must be killed mid-way, after round 6, was at round " + atKill.round() + " " + atKill.outcome());

        JsonNode resumed;
        try (PmadProcess again = PmadProcess.start("resumed", env, dir, args(data, dir.resolve("state-b")))) {
            assertEquals(0, again.awaitExit(Duration.ofMinutes(5)), again.tail(30));
            resumed = JSON.readTree(again.stdout());
        }
        assertEquals(atKill.runId(), resumed.get("runId").asText(), "a resumed run keeps its id");
        assertTrue(resumed.get("resumedFromRound").asInt() >= 6, resumed.toString());
        assertEquals(12, resumed.get("roundsCompleted").asInt());
        assertEquals("COMPLETED", resumed.get("outcome").asText());
        assertEquals(uninterrupted.at("/final/loss").asDouble(), resumed.at("/final/loss").asDouble(), 0.0);
        assertEquals(uninterrupted.at("/final/accuracy").asDouble(), resumed.at("/final/accuracy").asDouble(), 0.0);

        RunCheckpoint whole = new StateDirectory(dir.resolve("state-a")).read().orElseThrow();
        RunCheckpoint afterResume = killedState.read().orElseThrow();
        assertEquals("COMPLETED", afterResume.outcome());
        assertEquals(whole.global(), afterResume.global(), "the final model, bit for bit");
        assertEquals(whole.strategyState(), afterResume.strategyState(), "FedAdam's moments, bit for bit");
    }

    private static int checkpointedRound(StateDirectory state) {
        try {
            Optional<RunCheckpoint> c = state.read();
            return c.map(RunCheckpoint::round).orElse(0);
        } catch (RuntimeException e) {
            return 0; // not there yet
        }
    }

    private static String[] args(Path data, Path stateDir) {
        return new String[] {"simulate", "--data", data.toString(), "--rounds", "12", "--strategy", "fedadam",
                "--epochs", "20", "--seed", "7", "--json", "--state-dir", stateDir.toString()};
    }

    /** 20000 rows of 20 features, enough for a round to take a few hundred milliseconds. */
    private static Path syntheticData(Path file) throws IOException {
        var random = new Random(11);
        List<String> lines = new ArrayList<>();
        var header = new StringBuilder();
        for (int i = 0; i < 20; i++) header.append("f").append(i).append(',');
        lines.add(header.append("label").toString());
        for (int r = 0; r < 20_000; r++) {
            var row = new StringBuilder();
            double score = random.nextGaussian();
            for (int i = 0; i < 20; i++) {
                double x = random.nextGaussian();
                if (i < 5) score += x;
                row.append(String.format(Locale.ROOT, "%.4f", x)).append(',');
            }
            lines.add(row.append(score > 0 ? 1 : 0).toString());
        }
        return Files.write(file, lines);
    }
}
