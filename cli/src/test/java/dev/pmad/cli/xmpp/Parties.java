package dev.pmad.cli.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.config.Env;
import dev.pmad.cli.ServiceConfig;
import dev.pmad.testing.ProsodyServer;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.prosody.LocalProsody.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator and agents of one test on a test's Prosody, each with its own account: in this
 * JVM ({@link CoordinatorNode}, {@link AgentNode}) or in their own processes
 * ({@link PmadProcess}), configured through the same variables as {@code pmad coordinator} and
 * {@code pmad agent}. Agents share the Breast Cancer Wisconsin data, split by Dirichlet(0.5) label
 * skew as {@code pmad simulate --partition dirichlet:0.5} splits it. {@link #close()} stops all.
 */
final class Parties implements AutoCloseable {
    static final Path DATA = RepoData.file(RepoData.BREAST_CANCER);
    static final Path SCHEMA = RepoData.file("breast_cancer_wisconsin.schema.json");
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Short liveness settings, so that fault tests take seconds. */
    private static final Map<String, String> QUICK = Map.of("HEARTBEAT_INTERVAL", "1s");

    private final ProsodyServer server;
    private final Path dir;
    private final Schema schema = Schema.read(SCHEMA);
    private final Map<String, Account> accounts = new HashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();

    /** @param dir where password files and process logs go (a test's {@code @TempDir}) */
    Parties(ProsodyServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /** The coordinator's JID on this server. */
    String coordinatorJid() {
        return "coordinator@" + server.domain();
    }

    /**
     * Starts a coordinator in this JVM and waits until it is connected. {@code settings} are
     * {@code pmad coordinator} variables over quick defaults (heartbeat 1 s, round timeout 20 s).
     */
    CoordinatorNode coordinator(Map<String, String> settings) throws InterruptedException {
        return coordinator(settings, java.util.function.UnaryOperator.identity());
    }

    /** The same, the engine talking through {@code wrap(transport)} (to watch or hold its payloads). */
    CoordinatorNode coordinator(Map<String, String> settings,
                                java.util.function.UnaryOperator<dev.pmad.transport.Transport> wrap) throws InterruptedException {
        var env = new HashMap<>(QUICK);
        env.put("ROUND_TIMEOUT", "20s");
        env.put("REGISTRATION_TIMEOUT", "60s");
        env.putAll(settings);
        XmppSettings xmpp = server.settingsFor(account("coordinator"));
        var node = track(new CoordinatorNode(ServiceConfig.coordinator(new Env(env), schema, xmpp.jid()), xmpp, wrap));
        // Most of these tests are about other things and let anyone join; an AGENTS setting enrols as the service does.
        if (env.containsKey("AGENTS")) node.coordinator().useEnrolment(ServiceConfig.enrolment(new Env(env), server.domain()));
        node.coordinator().useQuarantine(ServiceConfig.quarantine(new Env(env)));
        node.start();
        if (!node.transport().awaitConnected(DEADLINE)) {
            throw new AssertionError("coordinator not connected: " + node.transport().lastFailure() + "\n" + server.logTail(20));
        }
        return node;
    }

    /** Starts agent {@code index} of {@code count} in this JVM (heartbeat 1 s); it joins once connected. */
    AgentNode agent(int index, int count) {
        return agent(index, count, Map.of());
    }

    /** Agent {@code index} of {@code count} whose Tribuo engine {@code wrap} may wrap (to hold it, to watch it). */
    AgentNode agent(int index, int count, java.util.function.UnaryOperator<dev.pmad.agent.engine.LocalEngine> wrap) {
        String name = "agent-" + index;
        XmppSettings xmpp = server.settingsFor(account(name));
        var env = agentDefaults();
        var config = ServiceConfig.agent(new Env(env), xmpp.jid(), coordinatorJid());
        ServiceConfig.createStateDirectory(new Env(env), config);
        var engine = new dev.pmad.agent.engine.InMemoryEngine(data(index, count), dev.pmad.agent.training.TrainerFactory.tribuo());
        var node = track(new AgentNode(config, wrap.apply(engine), xmpp));
        node.start();
        return node;
    }

    /** The same, with {@code settings} ({@code pmad agent} variables) over the test defaults. */
    AgentNode agent(int index, int count, Map<String, String> settings) {
        String name = "agent-" + index;
        XmppSettings xmpp = server.settingsFor(account(name));
        var env = agentDefaults();
        env.putAll(settings);
        var config = ServiceConfig.agent(new Env(env), xmpp.jid(), coordinatorJid());
        ServiceConfig.createStateDirectory(new Env(env), config);
        var node = track(new AgentNode(config, data(index, count), xmpp));
        node.start();
        return node;
    }

    /**
     * Quick liveness, every privacy mode accepted (most of these tests are about transport and
     * faults, not policy) and the agents' ledgers in this test's directory.
     */
    HashMap<String, String> agentDefaults() {
        var env = new HashMap<>(QUICK);
        env.put("AGENT_DP_MODES", "none,record,local,central");
        env.put("AGENT_STATE_DIR", dir.resolve("agent-state").toString());
        return env;
    }

    /** Agent {@code index}'s rows, from the same variables {@code pmad agent} reads. */
    LocalData data(int index, int count) {
        return ServiceConfig.agentData(new Env(Map.of("DATA_PATH", DATA.toString(), "PARTITION", "dirichlet:0.5",
                "AGENT_INDEX", Integer.toString(index), "AGENT_COUNT", Integer.toString(count))), schema);
    }

    /** Starts {@code pmad agent} for agent {@code index} of {@code count} in its own process. */
    PmadProcess agentProcess(int index, int count, Map<String, String> settings) {
        String name = "agent-" + index;
        var env = new HashMap<>(xmppEnvironment(name, "AGENT_ID"));
        env.putAll(agentDefaults());
        env.putAll(Map.of("DATA_PATH", DATA.toString(), "SCHEMA_PATH", SCHEMA.toString(), "PARTITION", "dirichlet:0.5",
                "AGENT_INDEX", Integer.toString(index), "AGENT_COUNT", Integer.toString(count)));
        env.putAll(settings);
        return track(PmadProcess.start(name + "-" + started.size(), env, dir, "agent"));
    }

    /** Starts {@code pmad coordinator} in its own process with {@code settings} over the XMPP variables. */
    PmadProcess coordinatorProcess(Map<String, String> settings) {
        var env = new HashMap<>(xmppEnvironment("coordinator", "COORDINATOR_ID"));
        env.put("SCHEMA_PATH", SCHEMA.toString());
        // A free port unless a test asks for one: 8081 may be taken by anything else on the machine.
        env.put("DASHBOARD_PORT", "0");
        // The agents these tests start; a test about enrolment sets its own.
        env.put("AGENTS", "agent-1,agent-2,agent-3,agent-4,agent-5,agent-6,agent-7,agent-8");
        env.putAll(settings);
        return track(PmadProcess.start("coordinator-" + started.size(), env, dir, "coordinator"));
    }

    /**
     * The XMPP variables of a deployment for account {@code user}: server, port, domain, the CA
     * file, and the password in a file ({@code XMPP_PASSWORD_FILE}), as a Docker secret would be.
     */
    Map<String, String> xmppEnvironment(String user, String idVariable) {
        Account account = account(user);
        Path secret = dir.resolve("secret-" + user);
        try {
            Files.writeString(secret, account.password() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("XMPP_SERVER", server.host(), "XMPP_PORT", Integer.toString(server.c2sPort()),
                "XMPP_DOMAIN", server.domain(), "XMPP_CA_CERT", server.caCertificate().toString(),
                "XMPP_PASSWORD_FILE", secret.toString(), idVariable, user);
    }

    /** This test's account {@code name}, created (with a fresh password) on first use. */
    Account account(String name) {
        return accounts.computeIfAbsent(name, server::createAccount);
    }

    /** Waits until {@code count} agents are joined and not lost. */
    static void awaitJoined(CoordinatorNode coordinator, int count) {
        await().atMost(DEADLINE).untilAsserted(() -> assertTrue(() -> coordinator.coordinator().snapshot().agents().stream()
                        .filter(a -> !"LOST".equals(a.state())).count() == count, () -> count + " agents joined; the coordinator knows " + coordinator.coordinator().snapshot().agents()));
    }

    /** Stops everything started, newest first. */
    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                // Keep closing the others; the test has its own verdict.
            }
        }
        started.clear();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        started.add(closeable);
        return closeable;
    }
}
