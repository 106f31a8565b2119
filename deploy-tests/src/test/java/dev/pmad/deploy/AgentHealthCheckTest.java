package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docker/pmad-healthcheck.sh for an agent: healthy only when its status file is fresh and names a
 * joined state and its XMPP connection is up; refused, never joined, stuck or silent agents are
 * unhealthy, each with a line saying why. Runs the script as the image does, with bash; the XMPP
 * connection is a real established TCP connection on a free port.
 */
class AgentHealthCheckTest {
    @TempDir
    Path dir;

    private ServerSocket xmpp;
    private Socket client;
    private Socket accepted;

    @BeforeEach
    void anEstablishedXmppConnection() throws Exception {
        Path bash = Path.of("/bin/bash");
        String message = "the health check test runs docker/pmad-healthcheck.sh with bash, as the image does";
        if (!Files.isExecutable(bash) && "true".equalsIgnoreCase(System.getenv("CI"))) fail(message + "; install bash");
        assumeTrue(Files.isExecutable(bash), message);
        xmpp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket();
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), xmpp.getLocalPort()), 5000);
        accepted = xmpp.accept();
    }

    @AfterEach
    void close() throws Exception {
        if (accepted != null) accepted.close();
        if (client != null) client.close();
        if (xmpp != null) xmpp.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "READY,       0, ''",
        "TRAINING,    0, ''",
        "EVALUATING,  0, ''",
        "JOINING,     1, has not joined the coordinator",
        "REFUSED,     1, the agent was refused",
        "STOPPED,     1, agent state 'STOPPED'",
    })
    void theAgentsState_decides(String state, int exit, String says) throws Exception {
        Path status = Files.writeString(dir.resolve("status"), state + "\n");
        Check check = run(status, xmpp.getLocalPort());
        assertEquals(exit, check.exit(), check.output());
        assertTrue(check.output().contains(says), check.output());
    }

    @Test
    void noStatusFile_isUnhealthy() throws Exception {
        Check check = run(dir.resolve("never-written"), xmpp.getLocalPort());
        assertEquals(1, check.exit());
        assertTrue(check.output().contains("no agent status in"), check.output());
    }

    @Test
    void aStatusFileThatStoppedChanging_isUnhealthy() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "READY\n");
        Files.setLastModifiedTime(status, FileTime.from(Instant.now().minusSeconds(120)));
        Check check = run(status, xmpp.getLocalPort());
        assertEquals(1, check.exit());
        assertTrue(check.output().contains("the agent is stuck"), check.output());
    }

    @Test
    void aJoinedAgentWithoutItsXmppConnection_isUnhealthy() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "READY\n");
        int closed;
        try (var nobody = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = nobody.getLocalPort();
        }
        Check check = run(status, closed);
        assertEquals(1, check.exit());
        assertTrue(check.output().contains("no established XMPP connection"), check.output());
    }

    private record Check(int exit, String output) {}

    private static Check run(Path status, int xmppPort) throws Exception {
        var builder = new ProcessBuilder("/bin/bash", Repo.path("docker/pmad-healthcheck.sh").toString(), "agent")
                .redirectErrorStream(true);
        builder.environment().put("AGENT_STATUS_FILE", status.toString());
        builder.environment().put("XMPP_PORT", Integer.toString(xmppPort));
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the health check hangs");
        return new Check(p.exitValue(), output);
    }
}
