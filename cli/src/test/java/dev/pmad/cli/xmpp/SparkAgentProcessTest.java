package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.testing.ProsodyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmad agent} with {@code USE_SPARK=true} as deployed (agents 4 and 5 of the compose
 * file): its own process on a real local Spark, a real Prosody, next to Tribuo agents.
 */
class SparkAgentProcessTest {
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
    void sparkAgentProcess_trainsBesideTribuoAgents_andTheRunCompletes() throws Exception {
        PmadProcess coordinator = parties.coordinatorProcess(Map.of("MIN_AGENTS", "3", "TARGET_ROUNDS", "3",
                "AUTO_START", "true", "EXIT_AFTER_RUN", "true", "ROUND_TIMEOUT", "120s", "BATCH_SIZE", "16"));
        parties.agentProcess(1, 3, Map.of());
        parties.agentProcess(2, 3, Map.of());
        PmadProcess spark = parties.agentProcess(3, 3, Map.of("USE_SPARK", "true", "SPARK_MASTER", "local[2]"));

        assertEquals(0, coordinator.awaitExit(Duration.ofSeconds(240)), coordinator.tail(40) + "\nspark agent:\n" + spark.tail(40));
        JsonNode summary = new ObjectMapper().readTree(coordinator.stdout().strip());
        assertEquals("COMPLETED", summary.get("outcome").asText(), summary.toString());
        assertEquals(3, summary.get("roundsCompleted").asInt());
        assertEquals(3, summary.get("agents").asInt());
        assertTrue(summary.at("/final/accuracy").asDouble() >= 0.9, summary.toString());
        assertEquals(1, spark.lines("(spark, ").size(), spark.tail(40));
    }

    @Test
    void sparkMasterNotReachable_exitsWithOneLineNamingTheVariable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        PmadProcess spark = parties.agentProcess(1, 1, Map.of("USE_SPARK", "true", "SPARK_MASTER", "spark://127.0.0.1:" + closed));

        assertEquals(2, spark.awaitExit(Duration.ofSeconds(60)), spark.tail(20));
        String err = spark.stderr().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("pmad: error: SPARK_MASTER=spark://127.0.0.1:" + closed + ": no Spark master answers"), err);
    }
}
