package dev.pmad.cli.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.testing.RepoData;
import dev.pmad.testing.ProsodyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmad agent} processes over a real Prosody, as the compose file runs them: a joined agent
 * writes READY to its status file and the image's health check calls it healthy; an agent whose
 * schema the coordinator refuses exits with status 2 and a message naming SCHEMA_PATH, instead of
 * asking to join every few seconds, and its last status is unhealthy.
 */
class AgentHealthProcessTest {
    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();
    private static final Path HEALTHCHECK = RepoData.file(RepoData.BREAST_CANCER).getParent().getParent()
            .resolve("docker/pmad-healthcheck.sh");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Parties parties;

    @BeforeEach
    void coordinator() throws Exception {
        parties = new Parties(PROSODY, dir);
        parties.coordinator(Map.of("MIN_AGENTS", "1"));
    }

    @AfterEach
    void stop() {
        parties.close();
    }

    @Test
    void aJoinedAgent_isHealthy() throws Exception {
        Path status = dir.resolve("agent-1.status");
        PmadProcess agent = parties.agentProcess(1, 2, Map.of("AGENT_STATUS_FILE", status.toString()));
        await().atMost(WAIT).untilAsserted(() -> assertTrue(() -> read(status).equals("READY"),
                () -> "the agent to write READY to " + status + " (it has '" + read(status) + "'); its log:\n" + agent.tail(20)));
        Check check = healthcheck(status);
        assertEquals(0, check.exit(), check.output());
    }

    @Test
    void anAgentWhoseSchemaIsRefused_exitsWithStatus2_andSaysWhatToFix() throws Exception {
        // The same schema with its classes in the other order: another fingerprint, data that still loads.
        String schema = Files.readString(Parties.SCHEMA).replace("[ \"B\", \"M\" ]", "[ \"M\", \"B\" ]");
        assertTrue(schema.contains("[ \"M\", \"B\" ]"), "the schema file's classes changed form; adapt this test");
        Path other = Files.writeString(dir.resolve("other.schema.json"), schema);
        Path status = dir.resolve("agent-2.status");
        PmadProcess agent = parties.agentProcess(2, 2, Map.of("SCHEMA_PATH", other.toString(),
                "AGENT_STATUS_FILE", status.toString(), "JOIN_RETRY_INTERVAL", "1s"));

        assertEquals(2, agent.awaitExit(WAIT), agent.tail(20));
        String error = agent.lines("pmad: error:").stream().findFirst().orElse("");
        assertTrue(error.contains("schema mismatch") && error.contains("SCHEMA_PATH"), agent.tail(20));
        long refusals = agent.lines("refused to let us join").stream().filter(l -> !l.startsWith("pmad: error:")).count();
        assertEquals(1, refusals, "refused once, not in a loop:\n" + agent.tail(20));
        Check check = healthcheck(status);
        assertEquals(1, check.exit(), "a refused agent is unhealthy: " + check.output());
    }

    private record Check(int exit, String output) {}

    /** The image's health check, as Docker runs it in an agent's container. */
    private static Check healthcheck(Path status) throws Exception {
        var builder = new ProcessBuilder("bash", HEALTHCHECK.toString(), "agent").redirectErrorStream(true);
        builder.environment().put("AGENT_STATUS_FILE", status.toString());
        builder.environment().put("XMPP_PORT", Integer.toString(PROSODY.c2sPort()));
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the health check hangs");
        return new Check(p.exitValue(), output);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (Exception e) {
            return "";
        }
    }
}
