package dev.pmad.cli.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import dev.pmad.coordinator.tracking.testing.FakeMlflowServerFromRestDocs;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 of coordinator checkpoints, as deployed: {@code pmad coordinator} killed with
 * SIGKILL in the middle of a 10-round run over Prosody and started again with the same STATE_DIR
 * completes the run with the final model of an uninterrupted run with the same seed, and the
 * MLflow server has one run with every round once. The agents stay up throughout, as agents at
 * their sites would.
 */
class CoordinatorKilledMidRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 10;
    /** Killed once this round is checkpointed: in round KILL_AFTER + 1. */
    private static final int KILL_AFTER = 3;

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @TempDir
    Path dir;

    private Parties parties;
    private FakeMlflowServerFromRestDocs mlflow;

    @BeforeEach
    void start() throws Exception {
        parties = new Parties(PROSODY, dir);
        mlflow = new FakeMlflowServerFromRestDocs();
    }

    @AfterEach
    void stop() {
        parties.close();
        mlflow.close();
    }

    @Test
    void coordinatorKilledMidRun_restartedWithTheSameStateDir_endsWithTheUninterruptedModel_andOneMlflowRun()
            throws Exception {
        // Agents re-send JOIN every second: each new coordinator process gathers them quickly.
        for (int i = 1; i <= 5; i++) parties.agent(i, 5, Map.of("JOIN_RETRY_INTERVAL", "1s"));

        RunCheckpoint uninterrupted;
        try (PmadProcess whole = parties.coordinatorProcess(settings(dir.resolve("state-whole"),
                Map.of("RUNS_DIR", dir.resolve("runs-whole").toString())))) {
            assertEquals(0, whole.awaitExit(Duration.ofMinutes(3)), whole.tail(40));
            uninterrupted = new StateDirectory(dir.resolve("state-whole")).read().orElseThrow();
        }
        assertEquals("COMPLETED", uninterrupted.outcome());

        Path stateDir = dir.resolve("state");
        var state = new StateDirectory(stateDir);
        Map<String, String> tracked = Map.of("MLFLOW_TRACKING_URI", mlflow.uri().toString(),
                "RUNS_DIR", dir.resolve("runs").toString());
        try (PmadProcess first = parties.coordinatorProcess(settings(stateDir, tracked))) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> checkpointedRound(state) >= KILL_AFTER || !first.isAlive());
            first.kill(); // SIGKILL: no shutdown hook, no goodbye to Prosody, MLflow or the agents
        }
        RunCheckpoint atKill = state.read().orElseThrow();
        assertTrue(atKill.unfinished() && atKill.round() >= KILL_AFTER && atKill.round() < ROUNDS,
                "killed mid-run, was at round " + atKill.round() + " " + atKill.outcome());

        JsonNode resumed;
        try (PmadProcess again = parties.coordinatorProcess(settings(stateDir, tracked))) {
            assertEquals(0, again.awaitExit(Duration.ofMinutes(3)), again.tail(40));
            resumed = JSON.readTree(again.stdout().strip());
        }
        assertEquals(atKill.runId(), resumed.get("runId").asText(), "the same run goes on");
        assertEquals(atKill.round(), resumed.get("resumedFromRound").asInt(), resumed.toString());
        assertEquals("COMPLETED", resumed.get("outcome").asText(), resumed.toString());
        assertEquals(ROUNDS, resumed.get("roundsCompleted").asInt());

        RunCheckpoint end = state.read().orElseThrow();
        assertEquals("COMPLETED", end.outcome());
        assertEquals(uninterrupted.global(), end.global(), "the final model, bit for bit");
        assertEquals(uninterrupted.strategyState(), end.strategyState(), "FedAdam's moments, bit for bit");

        assertEquals(1, mlflow.runs.size(), "one MLflow run for the run: " + mlflow.runs.values().stream()
                .map(r -> r.runName + " " + r.status).toList());
        FakeMlflowServerFromRestDocs.Run run = mlflow.runs.values().iterator().next();
        assertEquals(atKill.runId(), run.runName);
        assertEquals("FINISHED", run.status);
        List<Long> everyRoundOnce = LongStream.rangeClosed(1, ROUNDS).boxed().toList();
        Map<String, List<Long>> steps = stepsByKey(run);
        assertTrue(steps.containsKey("accuracy") && steps.containsKey("participating_agents"), steps.keySet().toString());
        steps.forEach((key, logged) -> assertEquals(everyRoundOnce, logged.stream().sorted().toList(),
                "rounds of metric " + key + " as logged"));
        Path runDir = dir.resolve("runs").resolve(atKill.runId());
        assertEquals(ROUNDS, Files.readAllLines(runDir.resolve("metrics.jsonl")).size(), "the runs directory, every round once");
        System.out.printf("coordinator killed after round %d of %d, resumed; MLflow calls: %s%n", atKill.round(), ROUNDS,
                mlflow.endpoints().stream().distinct().toList());
    }

    /** {@code pmad coordinator} for a 10-round FedAdam run without DP that starts at once and exits at its end. */
    private static Map<String, String> settings(Path stateDir, Map<String, String> more) {
        var env = new HashMap<String, String>(Map.of("MIN_AGENTS", "5", "TARGET_ROUNDS", Integer.toString(ROUNDS),
                "AUTO_START", "true", "EXIT_AFTER_RUN", "true", "STRATEGY", "fedadam", "LOCAL_EPOCHS", "5",
                "ROUND_TIMEOUT", "60s", "STATE_DIR", stateDir.toString()));
        env.putAll(more);
        return env;
    }

    private static int checkpointedRound(StateDirectory state) {
        try {
            return state.read().map(RunCheckpoint::round).orElse(0);
        } catch (RuntimeException e) {
            return 0; // not written yet
        }
    }

    /** Each metric's steps, in the order the server received them. */
    private static Map<String, List<Long>> stepsByKey(FakeMlflowServerFromRestDocs.Run run) {
        var out = new TreeMap<String, List<Long>>();
        for (JsonNode m : run.metrics) {
            out.computeIfAbsent(m.get("key").asText(), k -> new ArrayList<>()).add(m.get("step").asLong());
        }
        return out;
    }
}
