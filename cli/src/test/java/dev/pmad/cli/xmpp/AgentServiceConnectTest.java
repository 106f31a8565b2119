package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmad agent} that cannot log in: one clear log line per attempt saying what to check,
 * attempts spaced by a growing backoff, and the process keeps trying instead of exiting or
 * spinning. Misconfiguration it can detect up front ends it with one line naming the variable.
 */
class AgentServiceConnectTest {
    private static final Duration LOG_DEADLINE = Duration.ofSeconds(30);

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
    void agent_wrongPassword_logsWhatToCheck_andRetriesWithGrowingBackoff() {
        parties.account("agent-1");
        var env = new HashMap<String, String>();
        env.put("XMPP_PASSWORD_FILE", "");
        env.put("XMPP_PASSWORD", "not-the-password");
        PmadProcess agent = parties.agentProcess(1, 1, env);

        List<String> failures = threeFailures(agent, "[WRONG_CREDENTIALS]");

        assertTrue(failures.get(0).contains("XMPP_PASSWORD"), failures.get(0));
        assertTrue(failures.get(0).contains("agent-1@" + PROSODY.domain()), failures.get(0));
    }

    @Test
    void agent_unreachableServer_logsWhatToCheck_andRetriesWithGrowingBackoff() throws IOException {
        PmadProcess agent = parties.agentProcess(1, 1, Map.of("XMPP_PORT", Integer.toString(closedPort())));

        List<String> failures = threeFailures(agent, "[UNREACHABLE]");

        assertTrue(failures.get(0).contains("check XMPP_SERVER and XMPP_PORT"), failures.get(0));
    }

    @Test
    void agent_withoutXmppServer_exitsWithOneLineNamingTheVariable() throws InterruptedException {
        PmadProcess agent = PmadProcess.start("agent-unconfigured", Map.of("AGENT_ID", "agent-1"), dir, "agent");

        assertEquals(2, agent.awaitExit(LOG_DEADLINE));
        String err = agent.stderr().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("pmad: error: XMPP_SERVER is not set"), err);
    }

    /**
     * Waits for three failed attempts and checks their spacing: at least the backoff's 1 s and
     * then 2 s (less 10% for clock granularity), so retries wait instead of spinning.
     */
    private static List<String> threeFailures(PmadProcess agent, String kind) {
        agent.awaitLogLines(kind, 3, LOG_DEADLINE);
        List<String> failures = agent.lines(kind);
        long first = millisOfDay(failures.get(0));
        long second = after(first, millisOfDay(failures.get(1)));
        long third = after(second, millisOfDay(failures.get(2)));
        assertTrue(second - first >= 900, "attempts 1 and 2 were " + (second - first) + " ms apart:\n" + agent.tail(10));
        assertTrue(third - second >= 1800, "attempts 2 and 3 were " + (third - second) + " ms apart:\n" + agent.tail(10));
        assertTrue(failures.get(0).contains("Retrying in"), failures.get(0));
        assertTrue(agent.isAlive(), "the agent keeps trying rather than exiting");
        return failures;
    }

    /** The logback timestamp (HH:mm:ss.SSS) that starts a log line. */
    private static long millisOfDay(String line) {
        return LocalTime.parse(line.substring(0, 12)).toNanoOfDay() / 1_000_000;
    }

    /** {@code later}, moved a day on if the clock passed midnight since {@code earlier}. */
    private static long after(long earlier, long later) {
        return later < earlier ? later + 86_400_000 : later;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
