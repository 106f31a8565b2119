package dev.pmad.cli;

import dev.pmad.agent.AgentConfig;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.Partition;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import dev.pmad.config.Env;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.roster.Enrolment;
import dev.pmad.coordinator.roster.Quarantine;
import dev.pmad.dashboard.DashboardConfig;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds coordinator and agent settings from environment variables, keeping the original
 * platform's names ({@code MIN_AGENTS}, {@code DP_EPSILON}, {@code DP_CLIP_NORM},
 * {@code XMPP_SERVER}, ...). The README's configuration table lists every variable read here.
 */
public final class ServiceConfig {
    private ServiceConfig() {}

    /** DASHBOARD_HOST (default 0.0.0.0, as a container needs), DASHBOARD_PORT and DASHBOARD_TOKEN. */
    public static DashboardConfig dashboard(Env env) {
        return dashboard(env, DashboardConfig.defaults().host());
    }

    /** As above, listening on {@code defaultHost} unless DASHBOARD_HOST says otherwise. */
    static DashboardConfig dashboard(Env env, String defaultHost) {
        return DashboardConfig.defaults().withHost(env.string("DASHBOARD_HOST", defaultHost))
                .withPort(env.integer("DASHBOARD_PORT", DashboardConfig.DEFAULT_PORT, 0, 65535))
                .withToken(env.string("DASHBOARD_TOKEN", null));
    }

    public static CoordinatorConfig coordinator(Env env, Schema schema, String address) {
        var privacy = PrivacyOptions.settings(env.string("DP_MODE", "none"), env.number("DP_EPSILON", 0),
                env.number("DP_DELTA", 1e-5), env.string("DP_CLIP_NORM", "1.0"), env.string("DP_NOISE", "gaussian"), "DP_");
        boolean record = privacy.mode() == PrivacyMode.RECORD;
        int targetRounds = env.integer("TARGET_ROUNDS", 10, 1, CoordinatorConfig.MAX_ROUNDS);
        var training = new TrainingParams(env.integer("LOCAL_EPOCHS", 1, 1, 10_000), positive(env, "LEARNING_RATE", 0.05),
                env.integer("BATCH_SIZE", record ? 64 : 1, 1, 1_000_000), env.longValue("SEED", 42));
        var config = new CoordinatorConfig(address, schema.fingerprint(),
                new ModelShape(schema.classes().size(), schema.encodedWidth()), schema.numericCount(),
                env.integer("MIN_AGENTS", 5, 1, 100_000), targetRounds, CoordinatorConfig.MAX_ROUNDS,
                env.duration("ROUND_TIMEOUT", Duration.ofMinutes(5)), env.duration("REGISTRATION_TIMEOUT", Duration.ofMinutes(10)),
                env.duration("HEARTBEAT_INTERVAL", Duration.ofSeconds(5)), env.integer("MISSED_HEARTBEATS", 3, 1, 1000),
                training, nonNegative(env, "LR_DECAY", 0), privacy,
                strategy(env, privacy.mode(), new ModelShape(schema.classes().size(), schema.encodedWidth()),
                        env.number("FRACTION_FIT", 1.0)),
                env.number("FRACTION_FIT", 1.0),
                InfluenceOptions.bound(env.number("SAMPLE_CAP", InfluenceBound.DEFAULT_SAMPLE_CAP),
                        env.number("NORM_BOUND", InfluenceBound.DEFAULT_NORM_BOUND), "SAMPLE_CAP", "NORM_BOUND"));
        // By value, not by presence: the compose file always passes SAMPLE_CAP and NORM_BOUND, at their defaults.
        return SecureAggregationOptions.apply(config, SecureAggregationOptions.settings(env), false,
                env.string("STRATEGY", null) != null);
    }

    /**
     * Who may join the service's federation: {@code AGENTS} (agent ids or bare JIDs, comma
     * separated; {@code *} for any account on the XMPP server) and/or {@code AGENTS_FILE} (one per
     * line, {@code #} comments), the union of both. Neither set is an error: a coordinator that let
     * any account on its XMPP server join must be asked for it ({@code AGENTS=*}).
     *
     * @param domain completes bare agent ids: {@code agent-1} is {@code agent-1@domain}
     */
    public static Enrolment enrolment(Env env, String domain) {
        String listed = env.string("AGENTS", null);
        String file = env.string("AGENTS_FILE", null);
        if (listed == null && file == null) {
            throw new IllegalArgumentException("no allow-list of agents: set AGENTS to the agents' ids or bare JIDs"
                    + " (e.g. AGENTS=agent-1,agent-2,agent-3), or AGENTS_FILE to a file with one per line;"
                    + " AGENTS=* lets any account on the XMPP server join (docs/trust.md)");
        }
        var text = new StringBuilder();
        String source = "AGENTS";
        if (listed != null) text.append(listed).append('\n');
        if (file != null) {
            Path path = Path.of(file);
            try {
                text.append(java.nio.file.Files.readString(path));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("AGENTS_FILE=" + file + " cannot be read (" + e.getMessage()
                        + "): give a readable file with one agent id or bare JID per line");
            }
            source = listed == null ? "AGENTS_FILE=" + file : "AGENTS with AGENTS_FILE=" + file;
        }
        return Enrolment.parse(text.toString(), domain, source);
    }

    /**
     * QUARANTINE_AFTER_MISSES, QUARANTINE_AFTER_FAILURES and QUARANTINE_ROUNDS over
     * {@link Quarantine#DEFAULT}.
     */
    public static Quarantine quarantine(Env env) {
        Quarantine d = Quarantine.DEFAULT;
        return new Quarantine(env.integer("QUARANTINE_AFTER_MISSES", d.afterMisses(), 1, 1000),
                env.integer("QUARANTINE_AFTER_FAILURES", d.afterFailures(), 1, 1000),
                env.integer("QUARANTINE_ROUNDS", d.rounds(), 0, CoordinatorConfig.MAX_ROUNDS));
    }

    /**
     * STRATEGY (a name) and STRATEGY_OPTIONS ({@code key=value} pairs separated by commas); without
     * STRATEGY, {@link Strategies#defaultFor} this privacy mode and model (newton where it can run).
     */
    static Strategy strategy(Env env, dev.pmad.privacy.PrivacyMode mode, ModelShape shape, double fraction) {
        String name = env.string("STRATEGY", Strategies.defaultFor(mode, shape, fraction).name());
        var options = new java.util.LinkedHashMap<String, String>();
        String text = env.string("STRATEGY_OPTIONS", "");
        for (String pair : text.split(",")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("STRATEGY_OPTIONS=" + text + ": '" + pair.strip()
                        + "' is not key=value (e.g. STRATEGY_OPTIONS=eta=0.05,beta1=0.9)");
            }
            options.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        try {
            return Strategies.parse(name, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("STRATEGY=" + name + " STRATEGY_OPTIONS=" + text + ": " + e.getMessage());
        }
    }

    /**
     * An agent's settings. Its privacy policy comes only from its own environment, with
     * fail-closed defaults ({@link AgentPolicy#SERVICE_DEFAULT}): what the coordinator asks for is
     * checked against it, never adopted.
     */
    public static AgentConfig agent(Env env, String address, String coordinator) {
        Duration heartbeat = env.duration("HEARTBEAT_INTERVAL", Duration.ofSeconds(5));
        AgentPolicy d = AgentPolicy.SERVICE_DEFAULT;
        var policy = new AgentPolicy(AgentPolicy.parseModes(env.string("AGENT_DP_MODES", d.modesText())),
                positive(env, "AGENT_DP_EPSILON", d.lifetimeEpsilon()), env.number("AGENT_DP_DELTA", d.delta()),
                positive(env, "AGENT_DP_MAX_CLIP_NORM", d.maxClipNorm()),
                nonNegative(env, "AGENT_DP_MIN_NOISE_MULTIPLIER", d.minNoiseMultiplier()),
                positive(env, "AGENT_DP_RELEASE_NOISE", d.releaseNoise()), env.bool("AGENT_DP_EXACT_AGGREGATES", false),
                env.bool("AGENT_REQUIRE_SECURE_AGGREGATION", false));
        String local = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        String explicit = env.string("AGENT_PRIVACY_LEDGER", null);
        Path ledger = explicit != null ? Path.of(explicit)
                : Path.of(env.string("AGENT_STATE_DIR", "pmad-agent-state")).resolve(local + ".ledger.json");
        return new AgentConfig(address, coordinator, heartbeat, env.duration("JOIN_RETRY_INTERVAL", Duration.ofSeconds(5)),
                policy, ledger, env.bool("AGENT_PRIVACY_LEDGER_REQUIRED", false));
    }

    /**
     * Creates the agent's state directory when the ledger lives there by default. A ledger named
     * explicitly ({@code AGENT_PRIVACY_LEDGER}) must sit in a directory that exists, so that an
     * unmounted volume is an error instead of a fresh, empty ledger.
     */
    public static void createStateDirectory(Env env, AgentConfig config) {
        if (env.string("AGENT_PRIVACY_LEDGER", null) != null) return;
        Path dir = config.ledger().toAbsolutePath().getParent();
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("AGENT_STATE_DIR: cannot create " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The agent's local data: its whole CSV ({@code PARTITION=none}, the production case), or
     * its part of a shared file ({@code PARTITION=iid|dirichlet:A} with {@code AGENT_INDEX} of
     * {@code AGENT_COUNT}, deterministic from {@code PARTITION_SEED}), for demos.
     */
    public static LocalData agentData(Env env, Schema schema) {
        Path data = env.file("DATA_PATH", "set it to this agent's CSV file");
        Table table = CsvLoader.load(data, schema);
        String partition = env.string("PARTITION", "none");
        long seed = env.longValue("PARTITION_SEED", 42);
        double testFraction = env.number("TEST_FRACTION", 0.2);
        if (!(testFraction >= 0 && testFraction < 1)) throw new IllegalArgumentException("TEST_FRACTION must be in [0, 1), was " + testFraction);
        int index = 0;
        int[] rows = allRows(table.size());
        if (!partition.equals("none")) {
            int count = env.integer("AGENT_COUNT", 0, 1, 100_000);
            if (count == 0) throw new IllegalArgumentException("AGENT_COUNT is not set: PARTITION=" + partition + " needs the number of agents");
            index = env.integer("AGENT_INDEX", 0, 1, count);
            if (index == 0) throw new IllegalArgumentException("AGENT_INDEX is not set: PARTITION=" + partition + " needs this agent's index (1.." + count + ")");
            Partition p;
            try {
                p = Partition.parse(partition);
            } catch (DataException e) {
                throw new IllegalArgumentException("PARTITION=" + partition + " is unknown: use none, iid or dirichlet:A");
            }
            rows = Partitioner.split(table.labels(), schema.classes().size(), count, p, seed)[index - 1];
            index--;
        }
        String testPath = env.string("TEST_DATA_PATH", null);
        if (testPath != null) {
            Table test = CsvLoader.load(Path.of(testPath), schema);
            return new LocalData(schema, table.select(rows), test);
        }
        int[][] split = Partitioner.trainTest(rows, testFraction, seed, index);
        return new LocalData(schema, table.select(split[0]), table.select(split[1]));
    }

    private static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        return rows;
    }

    private static double positive(Env env, String name, double fallback) {
        double v = env.number(name, fallback);
        if (!(v > 0)) throw new IllegalArgumentException(name + " must be a positive number, was " + v);
        return v;
    }

    private static double nonNegative(Env env, String name, double fallback) {
        double v = env.number(name, fallback);
        if (v < 0) throw new IllegalArgumentException(name + " must be >= 0, was " + v);
        return v;
    }
}
