package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.TrainingParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Record-level DP, enforced by each agent: DP-SGD, whose noise multiplier depends on the agent's
 * row count (its sampling rate is batch / n), or federated Newton's gradient and Gram releases,
 * one multiplier for all (no sampling). The coordinator proposes a multiplier per agent from the
 * row count it released; the agent recalibrates with its true count and keeps the larger, and
 * reports its own epsilon, of which the run reports the largest.
 */
final class RecordPrivacy implements RunPrivacy {
    private final CoordinatorConfig.PrivacySettings settings;
    private final boolean newton;
    private final TrainingParams training;
    private final double samplingRate;
    private final double newtonMultiplier;
    /** DP-SGD: per agent and released row count, as proposed. */
    private final Map<String, Double> proposed = new HashMap<>();
    private double epsilonSpent;

    RecordPrivacy(CoordinatorConfig.PrivacySettings settings, boolean newton, int rounds, TrainingParams training,
                  double samplingRate) {
        this.settings = settings;
        this.newton = newton;
        this.training = training;
        this.samplingRate = samplingRate;
        this.newtonMultiplier = newton ? PrivacyPlanner.newtonNoiseMultiplier(settings.epsilon(), settings.delta(), rounds) : 0;
    }

    RecordPrivacy(PrivacyState.Record state, TrainingParams training) {
        this.settings = state.settings();
        this.newton = state.newton();
        this.training = training;
        this.samplingRate = state.samplingRate();
        this.newtonMultiplier = state.newtonMultiplier();
        this.proposed.putAll(state.proposed());
        this.epsilonSpent = state.epsilonSpent();
    }

    @Override
    public PrivacyState state() {
        return new PrivacyState.Record(settings, samplingRate, newton, newtonMultiplier, proposed, epsilonSpent);
    }

    @Override
    public PrivacyMode mode() {
        return PrivacyMode.RECORD;
    }

    @Override
    public CoordinatorConfig.PrivacySettings settings() {
        return settings;
    }

    @Override
    public double noiseMultiplier() {
        return newtonMultiplier;
    }

    /** Record-level DP with delta >= 1/n allows mechanisms that publish a whole record with probability delta. */
    @Override
    public String quorumProblem(List<AgentRecord> active) {
        int smallest = active.stream().mapToInt(AgentRecord::trainSamples).min().orElse(1);
        if (settings.delta() < 1.0 / smallest) return null;
        return "DP_DELTA=" + settings.delta() + " is not below 1/n = " + (1.0 / smallest) + " for the smallest agent ("
                + smallest + " rows); record-level DP with such a delta could reveal a whole record: lower DP_DELTA";
    }

    @Override
    public PrivacyParams paramsFor(AgentRecord agent, int targetRounds) {
        double z = newton ? newtonMultiplier : proposed.computeIfAbsent(agent.id() + "#" + agent.trainSamples(),
                k -> PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, settings.noise(), settings.epsilon(),
                        settings.delta(), targetRounds, agent.trainSamples(), training.batchSize(), training.epochs()));
        return Reports.params(settings, z, samplingRate);
    }

    /** Each agent keeps its own ledger; the run has spent what its most-charged agent has. */
    @Override
    public double afterRound(List<AgentUpdate> updates) {
        epsilonSpent = Reports.mostCharged(epsilonSpent, updates);
        return epsilonSpent;
    }

    @Override
    public PrivacySummary summary(double spent) {
        double max = newtonMultiplier;
        double min = newtonMultiplier;
        if (!newton && !proposed.isEmpty()) {
            max = proposed.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            min = proposed.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }
        return Reports.summary(settings, spent, max, min);
    }
}
