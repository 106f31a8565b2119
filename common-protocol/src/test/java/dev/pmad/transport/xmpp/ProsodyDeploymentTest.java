package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.testing.ProsodyServer;
import dev.pmad.testing.RecordingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment's own {@code prosody/prosody.cfg.lua} and {@code provision-accounts.sh}, run for
 * real: accounts from secret files, login through {@link XmppSettings#fromEnvironment} with
 * {@code XMPP_PASSWORD_FILE}, and a chunked payload under the file's stanza limit.
 */
class ProsodyDeploymentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Path REPO = repoRoot();

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder()
            .domain("pmad.local")
            .deploymentConfig(REPO.resolve("prosody/prosody.cfg.lua"))
            .build();

    @TempDir
    Path secrets;

    @Test
    void provisionedAccounts_logInWithPasswordFilesAndExchangeChunkedPayload() throws Exception {
        Files.writeString(secrets.resolve("coordinator"), "coordinator-secret\n");
        Files.writeString(secrets.resolve("agent-1"), "  agent-secret  \n");

        Result first = provision("coordinator", "agent-1");
        Result again = provision("coordinator", "agent-1");
        assertEquals(0, first.exitCode(), first.output());
        assertEquals(0, again.exitCode(), "running it again changes nothing: " + again.output());

        RecordingListener inbox = new RecordingListener();
        try (XmppTransport coordinator = start("coordinator", inbox);
             XmppTransport agent = start("agent-1", new RecordingListener())) {
            String model = XmppTransportTest.modelUpdateJson(100_000, new Random(11));
            agent.send(coordinator.address(), model);

            RecordingListener.Received received = inbox.next(DEADLINE);
            assertEquals("agent-1@pmad.local", received.from());
            assertEquals(model, received.payload());
        }
    }

    @Test
    void provision_missingSecret_failsNamingTheFileAndChangesNothing() throws Exception {
        Files.writeString(secrets.resolve("coordinator"), "coordinator-secret\n");

        Result result = provision("coordinator", "agent-9");

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains(secrets.resolve("agent-9").toString()), result.output());
        assertTrue(!result.output().contains("coordinator@pmad.local has the password"), result.output());
    }

    private XmppTransport start(String user, RecordingListener listener) throws InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of(
                "XMPP_SERVER", PROSODY.host(),
                "XMPP_PORT", Integer.toString(PROSODY.c2sPort()),
                "XMPP_DOMAIN", PROSODY.domain(),
                "XMPP_PASSWORD_FILE", secrets.resolve(user).toString(),
                "XMPP_CA_CERT", PROSODY.caCertificate().toString(),
                "PMAD_USER", user));
        XmppTransport transport = new XmppTransport(XmppSettings.fromEnvironment(env, "PMAD_USER"));
        transport.setListener(listener);
        transport.start();
        assertTrue(transport.awaitConnected(DEADLINE), () -> user + ": " + transport.lastFailure() + "\n" + PROSODY.logTail(20));
        return transport;
    }

    private Result provision(String... accounts) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(REPO.resolve("prosody/provision-accounts.sh").toString());
        builder.command().addAll(List.of(accounts));
        builder.environment().putAll(PROSODY.environment());
        builder.environment().put("SECRETS_DIR", secrets.toString());
        Path output = Files.createTempFile("provision-", ".out");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "provision-accounts.sh did not finish within 30 s");
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Result(int exitCode, String output) {}

    /** The reactor root: Surefire passes it as PMAD_REPO_ROOT; else found from the working directory. */
    private static Path repoRoot() {
        String configured = System.getenv("PMAD_REPO_ROOT");
        if (configured != null && Files.isDirectory(Path.of(configured, "prosody"))) return Path.of(configured);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("prosody/prosody.cfg.lua"))) return p;
        }
        throw new IllegalStateException("cannot find the repository's prosody/ directory; set PMAD_REPO_ROOT");
    }
}
