package dev.pmad.coordinator.tracking;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.privacy.PrivacyMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and values of everything tracked: params, tags and per-round metrics. One place, so
 * MLflow and the runs directory always agree.
 */
final class RunRecords {
    /** MLflow's limit for a tag value; a failure reason can be long. */
    static final int MAX_TAG_VALUE = 5000;

    private RunRecords() {}

    static Map<String, String> startParams(CoordinatorConfig c, RunDescription d, int targetRounds, RunStrategy strategy) {
        var p = new LinkedHashMap<String, String>();
        p.put("rounds", Integer.toString(targetRounds));
        // Each run may choose its own strategy (the dashboard's Start form), so it is the run's, not the config's.
        p.put("strategy", strategy.name());
        strategy.options().forEach((key, value) -> p.put("strategy." + key, number(value)));
        p.put("min_agents", Integer.toString(c.minAgents()));
        p.put("fraction_fit", number(c.fraction()));
        p.put("round_timeout_s", seconds(c.roundTimeout()));
        p.put("registration_timeout_s", seconds(c.registrationTimeout()));
        p.put("heartbeat_interval_s", seconds(c.heartbeatInterval()));
        p.put("missed_heartbeats", Integer.toString(c.missedHeartbeats()));
        p.put("classes", Integer.toString(c.shape().classes()));
        p.put("features", Integer.toString(c.shape().features()));
        p.put("epochs", Integer.toString(c.training().epochs()));
        p.put("learning_rate", number(c.training().learningRate()));
        p.put("learning_rate_decay", number(c.learningRateDecay()));
        p.put("batch_size", Integer.toString(c.training().batchSize()));
        p.put("training_seed", Long.toString(c.training().seed()));
        if (d.partition() != null) p.put("partition", d.partition());
        p.put("schema_fingerprint", c.schemaFingerprint());
        if (d.dataFingerprint() != null) p.put("data_fingerprint", d.dataFingerprint());
        var privacy = c.privacy();
        p.put("dp_mode", privacy.mode().wireName());
        if (privacy.mode() != PrivacyMode.NONE) {
            p.put("dp_noise", privacy.noise().wireName());
            p.put("dp_epsilon", number(privacy.epsilon()));
            p.put("dp_delta", number(privacy.delta()));
            p.put("dp_clip_norm", number(privacy.clipNorm()));
        }
        d.extraParams().forEach(p::putIfAbsent);
        return p;
    }

    /** Params only the end knows: who took part, the calibrated noise. */
    static Map<String, String> endParams(RunSummary s) {
        var p = new LinkedHashMap<String, String>();
        p.put("agents", Integer.toString(s.agents().size()));
        if (!PrivacyMode.NONE.wireName().equals(s.privacy().mode())) {
            p.put("noise_multiplier", number(s.privacy().noiseMultiplier()));
            if (s.privacy().minNoiseMultiplier() != s.privacy().noiseMultiplier()) {
                p.put("min_noise_multiplier", number(s.privacy().minNoiseMultiplier()));
            }
        }
        return p;
    }

    static Map<String, String> startTags(RunDescription d, String runId) {
        var t = new LinkedHashMap<String, String>();
        t.put("pmad.version", d.pmadVersion());
        t.put("pmad.transport", d.transport());
        t.put("pmad.run_id", runId);
        return t;
    }

    static Map<String, String> endTags(RunSummary s) {
        var t = new LinkedHashMap<String, String>();
        t.put("pmad.outcome", s.outcome().name());
        if (s.reason() != null && !s.reason().isEmpty()) t.put("pmad.outcome_reason", truncate(s.reason(), MAX_TAG_VALUE));
        return t;
    }

    /** The round's metrics as logged with step = round; non-finite values are left out. */
    static Map<String, Double> roundMetrics(RoundResult r) {
        var m = new LinkedHashMap<String, Double>();
        Metrics metrics = r.metrics();
        put(m, "accuracy", metrics.accuracy());
        put(m, "loss", metrics.loss());
        put(m, "precision", metrics.precision());
        put(m, "recall", metrics.recall());
        put(m, "f1", metrics.f1());
        put(m, "epsilon_spent", r.epsilonSpent());
        put(m, "participating_agents", r.participants().size());
        put(m, "rejected_updates", r.rejectedUpdates());
        put(m, "bounded_agents", r.bounded().stream().map(b -> b.agent()).distinct().count());
        put(m, "round_seconds", r.roundSeconds());
        // The round's clip (DP runs only): constant unless central mode adapts it.
        if (r.clipNorm() > 0) put(m, "clip_norm", r.clipNorm());
        r.agentTrainLoss().forEach((agent, loss) -> put(m, agentKey(agent, "train_loss"), loss));
        r.agentSamples().forEach((agent, n) -> put(m, agentKey(agent, "samples"), n));
        return m;
    }

    /**
     * {@code agent.<id>.<what>}, with characters MLflow refuses in keys (it allows letters,
     * digits, {@code _ - . /} and space) replaced by {@code _}: an XMPP address
     * {@code a@host/res} becomes {@code a_host_res}.
     */
    static String agentKey(String agent, String what) {
        return "agent." + agent.replaceAll("[^A-Za-z0-9_.-]", "_") + "." + what;
    }

    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static void put(Map<String, Double> m, String key, double value) {
        if (Double.isFinite(value)) m.put(key, value);
    }

    private static String seconds(Duration d) {
        return number(d.toMillis() / 1000.0);
    }

    /** Plain decimal, no exponent: {@code 0.00001}, {@code 300}. */
    static String number(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
