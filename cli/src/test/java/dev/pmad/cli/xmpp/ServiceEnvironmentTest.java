package dev.pmad.cli.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.Schema;
import dev.pmad.config.Env;
import dev.pmad.cli.ServiceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The variables of {@code pmad coordinator} and {@code pmad agent}: defaults as documented, and
 * every invalid value refused with a message naming the variable.
 */
class ServiceEnvironmentTest {
    private static final Schema SCHEMA = Schema.read(Parties.SCHEMA);

    @Test
    void coordinator_withNoVariables_usesTheDocumentedDefaults() {
        var config = ServiceConfig.coordinator(new Env(Map.of()), SCHEMA, "coordinator@pmad.local");

        assertEquals(5, config.minAgents());
        assertEquals(10, config.targetRounds());
        assertEquals(Duration.ofMinutes(5), config.roundTimeout());
        assertEquals(Duration.ofSeconds(5), config.heartbeatInterval());
        assertEquals(3, config.missedHeartbeats());
        assertEquals("none", config.privacy().mode().wireName());
        assertEquals(1.0, config.fraction(), "every agent every round");
    }

    @Test
    void coordinator_fractionFit_samplesAgents_andOutOfRangeValuesAreRefusedNamingIt() {
        var config = ServiceConfig.coordinator(new Env(Map.of("FRACTION_FIT", "0.3")), SCHEMA, "coordinator@pmad.local");
        assertEquals(0.3, config.fraction());
        assertRefused(Map.of("FRACTION_FIT", "0"), "FRACTION_FIT");
        assertRefused(Map.of("FRACTION_FIT", "1.5"), "FRACTION_FIT");
        assertRefused(Map.of("FRACTION_FIT", "most"), "FRACTION_FIT=most is not a number");
    }

    @Test
    void coordinator_dpClipNorm_takesAdaptiveInCentralModeOnly() {
        var config = ServiceConfig.coordinator(new Env(Map.of("DP_MODE", "central", "DP_EPSILON", "1",
                "DP_CLIP_NORM", "adaptive:0.7:0.2")), SCHEMA, "coordinator@pmad.local");
        assertEquals(0.7, config.privacy().adaptive().quantile());
        assertEquals(0.2, config.privacy().clipNorm());
        var median = ServiceConfig.coordinator(new Env(Map.of("DP_MODE", "central", "DP_EPSILON", "1",
                "DP_CLIP_NORM", "adaptive")), SCHEMA, "coordinator@pmad.local");
        assertEquals(0.5, median.privacy().adaptive().quantile());
        assertEquals(1.0, median.privacy().clipNorm());
        assertEquals(null, ServiceConfig.coordinator(new Env(Map.of("DP_MODE", "central", "DP_EPSILON", "1",
                "DP_CLIP_NORM", "0.5")), SCHEMA, "coordinator@pmad.local").privacy().adaptive());
        assertRefused(Map.of("DP_MODE", "local", "DP_EPSILON", "1", "DP_CLIP_NORM", "adaptive"),
                "DP_CLIP_NORM=adaptive is only available with DP_MODE=central, not local");
        assertRefused(Map.of("DP_MODE", "central", "DP_EPSILON", "1", "DP_CLIP_NORM", "wide"), "DP_CLIP_NORM must be a number");
    }

    @Test
    void coordinator_invalidValues_areRefusedNamingTheVariable() {
        assertRefused(Map.of("MIN_AGENTS", "zero"), "MIN_AGENTS=zero");
        assertRefused(Map.of("MIN_AGENTS", "0"), "MIN_AGENTS=0");
        assertRefused(Map.of("TARGET_ROUNDS", "5000"), "TARGET_ROUNDS=5000");
        assertRefused(Map.of("ROUND_TIMEOUT", "soon"), "ROUND_TIMEOUT=soon");
        assertRefused(Map.of("HEARTBEAT_INTERVAL", "-5s"), "HEARTBEAT_INTERVAL");
        assertRefused(Map.of("DP_MODE", "local"), "DP_EPSILON");
        assertRefused(Map.of("DP_MODE", "loud", "DP_EPSILON", "1"), "DP_MODE");
        assertRefused(Map.of("LEARNING_RATE", "0"), "LEARNING_RATE");
    }

    @Test
    void coordinator_allowList_fromAgentsAndAgentsFile_orAnyoneOnlyWhenAskedFor(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path dir) throws Exception {
        var none = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.enrolment(new Env(Map.of()), "pmad.local"));
        assertTrue(none.getMessage().contains("set AGENTS") && none.getMessage().contains("AGENTS=*"), none.getMessage());

        var listed = ServiceConfig.enrolment(new Env(Map.of("AGENTS", "agent-1, agent-2@elsewhere.org")), "pmad.local");
        assertEquals(java.util.Set.of("agent-1@pmad.local", "agent-2@elsewhere.org"), listed.agents());

        var file = dir.resolve("agents.txt");
        java.nio.file.Files.writeString(file, "# hospitals\nagent-3\nagent-4 # joined in May\n");
        var both = ServiceConfig.enrolment(new Env(Map.of("AGENTS", "agent-1", "AGENTS_FILE", file.toString())), "pmad.local");
        assertEquals(java.util.Set.of("agent-1@pmad.local", "agent-3@pmad.local", "agent-4@pmad.local"), both.agents());

        assertTrue(ServiceConfig.enrolment(new Env(Map.of("AGENTS", "*")), "pmad.local").anyone());
        var missing = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.enrolment(
                new Env(Map.of("AGENTS_FILE", dir.resolve("nowhere.txt").toString())), "pmad.local"));
        assertTrue(missing.getMessage().startsWith("AGENTS_FILE=") && missing.getMessage().contains("cannot be read"),
                missing.getMessage());
    }

    @Test
    void coordinator_quarantine_hasTheDocumentedDefaults_andRefusesNonsenseNamingTheVariable() {
        assertEquals(dev.pmad.coordinator.roster.Quarantine.DEFAULT, ServiceConfig.quarantine(new Env(Map.of())));
        assertEquals(new dev.pmad.coordinator.roster.Quarantine(2, 5, 0), ServiceConfig.quarantine(new Env(Map.of(
                "QUARANTINE_AFTER_MISSES", "2", "QUARANTINE_AFTER_FAILURES", "5", "QUARANTINE_ROUNDS", "0"))));
        for (String name : new String[] {"QUARANTINE_AFTER_MISSES", "QUARANTINE_AFTER_FAILURES", "QUARANTINE_ROUNDS"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.quarantine(new Env(Map.of(name, "-1"))));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void agent_invalidValues_areRefusedNamingTheVariable() {
        Map<String, String> data = Map.of("DATA_PATH", Parties.DATA.toString());
        assertAgentRefused(Map.of("DATA_PATH", "/nowhere/agent.csv"), "DATA_PATH=/nowhere/agent.csv");
        assertAgentRefused(with(data, "PARTITION", "dirichlet:0.5"), "AGENT_COUNT is not set");
        assertAgentRefused(with(with(data, "PARTITION", "iid"), "AGENT_COUNT", "3"), "AGENT_INDEX is not set");
        assertAgentRefused(with(with(with(data, "PARTITION", "iid"), "AGENT_COUNT", "3"), "AGENT_INDEX", "4"), "AGENT_INDEX=4");
        assertAgentRefused(with(data, "PARTITION", "halves"), "PARTITION=halves");
        assertAgentRefused(with(data, "TEST_FRACTION", "1.5"), "TEST_FRACTION");
        for (String[] bad : new String[][] {{"AGENT_DP_EPSILON", "-1"}, {"AGENT_DP_EPSILON", "0"},
                {"AGENT_DP_DELTA", "1"}, {"AGENT_DP_MODES", "record,sideways"}, {"AGENT_DP_MAX_CLIP_NORM", "0"},
                {"AGENT_DP_MIN_NOISE_MULTIPLIER", "-1"}, {"AGENT_DP_RELEASE_NOISE", "0"},
                {"AGENT_DP_EXACT_AGGREGATES", "maybe"}, {"AGENT_PRIVACY_LEDGER_REQUIRED", "perhaps"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServiceConfig.agent(new Env(Map.of(bad[0], bad[1])), "agent-1@pmad.local", "coordinator@pmad.local"),
                    bad[0] + "=" + bad[1]);
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }

    @Test
    void agent_withoutPrivacyVariables_enforcesTheFailClosedDefaults() {
        var config = ServiceConfig.agent(new Env(Map.of()), "agent-1@pmad.local", "coordinator@pmad.local");
        assertEquals(dev.pmad.agent.privacy.AgentPolicy.SERVICE_DEFAULT, config.policy());
        assertEquals("record,local", config.policy().modesText());
        assertTrue(config.policy().noisedAggregates(), "no exact aggregate leaves a default agent");
        assertEquals(java.nio.file.Path.of("pmad-agent-state", "agent-1.ledger.json"), config.ledger());
        assertEquals(10.0, config.policy().lifetimeEpsilon());
        assertEquals(1e-5, config.policy().delta());

        var explicit = ServiceConfig.agent(new Env(Map.of("AGENT_PRIVACY_LEDGER", "/srv/ledger.json",
                "AGENT_PRIVACY_LEDGER_REQUIRED", "true", "AGENT_DP_MODES", "central, none")), "agent-1@pmad.local",
                "coordinator@pmad.local");
        assertEquals(java.nio.file.Path.of("/srv/ledger.json"), explicit.ledger());
        assertTrue(explicit.ledgerMustExist());
        assertEquals("none,central", explicit.policy().modesText());
        assertTrue(!explicit.policy().noisedAggregates(), "an owner who accepts none accepts exact aggregates");
    }

    @Test
    void agent_withPartition_getsItsShareOfTheFile_withoutAPartition_theWholeFile() {
        var whole = ServiceConfig.agentData(new Env(Map.of("DATA_PATH", Parties.DATA.toString())), SCHEMA);
        int total = 0;
        for (int i = 1; i <= 3; i++) {
            var part = ServiceConfig.agentData(new Env(Map.of("DATA_PATH", Parties.DATA.toString(), "PARTITION", "iid",
                    "AGENT_INDEX", Integer.toString(i), "AGENT_COUNT", "3")), SCHEMA);
            total += part.train().size() + part.test().size();
        }

        assertEquals(whole.train().size() + whole.test().size(), total);
    }

    @Test
    void coordinator_secureAggregation_turnsTheDefaultBoundOff_choosesFedAvg_andRefusesWhatNeedsEachUpdate() {
        var off = ServiceConfig.coordinator(new Env(Map.of()), SCHEMA, "coordinator@pmad.local");
        assertTrue(!off.secure().enabled());
        var config = ServiceConfig.coordinator(new Env(Map.of("SECURE_AGGREGATION", "true",
                "SECURE_AGGREGATION_CLIP", "3", "SECURE_AGGREGATION_BITS", "40")), SCHEMA, "coordinator@pmad.local");
        assertTrue(config.secure().enabled());
        assertEquals(3.0, config.secure().clip());
        assertEquals(40, config.secure().bits());
        assertEquals("fedavg", config.strategy().name(), "without STRATEGY, not newton");
        assertTrue(!config.influenceBound().active(), "the agents' clip replaces the influence bound");
        assertRefused(Map.of("SECURE_AGGREGATION", "true", "STRATEGY", "krum"), "STRATEGY=krum");
        assertTrue(!ServiceConfig.coordinator(new Env(Map.of("SECURE_AGGREGATION", "true", "SAMPLE_CAP", "10",
                "NORM_BOUND", "4")), SCHEMA, "coordinator@pmad.local").influenceBound().active(),
                "the compose file passes the defaults explicitly: they are turned off too");
        assertRefused(Map.of("SECURE_AGGREGATION", "true", "NORM_BOUND", "3"), "SAMPLE_CAP/NORM_BOUND");
        // Central DP with secure aggregation is distributed DP; record and local mode, client sampling and
        // adaptive clipping do not combine with it.
        assertTrue(ServiceConfig.coordinator(new Env(Map.of("SECURE_AGGREGATION", "true", "DP_MODE", "central",
                "DP_EPSILON", "1")), SCHEMA, "coordinator@pmad.local").distributedDp());
        assertRefused(Map.of("SECURE_AGGREGATION", "true", "DP_MODE", "local", "DP_EPSILON", "1"), "DP_MODE=local");
        assertRefused(Map.of("SECURE_AGGREGATION", "true", "DP_MODE", "central", "DP_EPSILON", "1", "FRACTION_FIT", "0.5"),
                "FRACTION_FIT=0.5");
        assertRefused(Map.of("SECURE_AGGREGATION", "true", "DP_MODE", "central", "DP_EPSILON", "1", "DP_CLIP_NORM",
                "adaptive"), "DP_CLIP_NORM=adaptive cannot run with SECURE_AGGREGATION=true");
        assertRefused(Map.of("SECURE_AGGREGATION", "true", "SECURE_AGGREGATION_BITS", "8"), "SECURE_AGGREGATION_BITS");
        assertRefused(Map.of("SECURE_AGGREGATION", "true", "SECURE_AGGREGATION_NEIGHBOURS", "3"),
                "SECURE_AGGREGATION_NEIGHBOURS");
    }

    @Test
    void agent_requireSecureAggregation_isReadFromTheAgentsOwnEnvironment() {
        assertTrue(!ServiceConfig.agent(new Env(Map.of()), "agent-1@pmad.local", "coordinator@pmad.local").policy()
                .requireSecureAggregation());
        assertTrue(ServiceConfig.agent(new Env(Map.of("AGENT_REQUIRE_SECURE_AGGREGATION", "true")), "agent-1@pmad.local",
                "coordinator@pmad.local").policy().requireSecureAggregation());
    }

    private static void assertRefused(Map<String, String> env, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.coordinator(new Env(env), SCHEMA, "coordinator@pmad.local"));
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
    }

    private static void assertAgentRefused(Map<String, String> env, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.agentData(new Env(env), SCHEMA));
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        var copy = new HashMap<>(env);
        copy.put(name, value);
        return copy;
    }
}
