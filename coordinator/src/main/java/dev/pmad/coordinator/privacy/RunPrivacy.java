package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.aggregation.FederatedNewton;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.TrainingParams;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One run's privacy, planned when the run starts. Used only from the coordinator's loop thread;
 * the implementations that account (central) or remember calibrations (record) are mutable.
 */
public sealed interface RunPrivacy permits NoPrivacy, RecordPrivacy, LocalPrivacy, CentralPrivacy {

    /**
     * Plans a run of {@code rounds} rounds: calibrates the noise so that the run spends at most
     * its budget.
     *
     * @param samplingRate the rate at which agents are drawn into a round (1 without client
     *                     sampling); central mode's accountant counts on it
     * @throws IllegalArgumentException when no noise meets the budget over that many rounds
     */
    static RunPrivacy plan(CoordinatorConfig.PrivacySettings settings, Strategy strategy, int rounds,
                           TrainingParams training, double samplingRate) {
        return plan(settings, strategy, rounds, training, samplingRate, RandomSources.secureRandom());
    }

    /** As above; {@code noise} is the coordinator's own noise (adaptive clipping's noised count). */
    static RunPrivacy plan(CoordinatorConfig.PrivacySettings settings, Strategy strategy, int rounds,
                           TrainingParams training, double samplingRate, RandomGenerator noise) {
        return switch (settings.mode()) {
            case NONE -> new NoPrivacy(settings);
            case RECORD -> new RecordPrivacy(settings, strategy instanceof FederatedNewton, rounds, training, samplingRate);
            case LOCAL -> new LocalPrivacy(settings, rounds, samplingRate);
            case CENTRAL -> new CentralPrivacy(settings, rounds, samplingRate, noise);
        };
    }

    /**
     * The privacy of a run checkpointed with {@code state}, as it was after its last checkpointed
     * round; {@code training} proposes record-mode multipliers to agents not seen before.
     */
    static RunPrivacy restore(PrivacyState state, TrainingParams training) {
        return restore(state, training, RandomSources.secureRandom());
    }

    /** As above; {@code noise} is the coordinator's own noise (adaptive clipping's noised count). */
    static RunPrivacy restore(PrivacyState state, TrainingParams training, RandomGenerator noise) {
        if (state instanceof PrivacyState.None none) return new NoPrivacy(none.settings());
        if (state instanceof PrivacyState.Record record) return new RecordPrivacy(record, training);
        if (state instanceof PrivacyState.Local local) return new LocalPrivacy(local);
        if (state instanceof PrivacyState.Central central) return new CentralPrivacy(central, noise);
        throw new IllegalArgumentException("unknown privacy state " + state.getClass().getSimpleName());
    }

    PrivacyMode mode();

    /** What a checkpoint keeps of this run's privacy: an immutable copy. */
    PrivacyState state();

    CoordinatorConfig.PrivacySettings settings();

    /**
     * The noise multiplier the run announces and strategies may rely on: central and local
     * mode's, record-mode Newton's (the same for every agent); 0 where each agent calibrates its
     * own (DP-SGD) or nothing is noised.
     */
    double noiseMultiplier();

    /** Why the run cannot start with these agents, or null. */
    default String quorumProblem(List<AgentRecord> active) {
        return null;
    }

    /**
     * The clip norm of the coming round's updates: the settings' one, or central mode's adaptive
     * estimate; 0 without DP.
     */
    default double clipNorm() {
        return mode() == PrivacyMode.NONE ? 0 : settings().clipNorm();
    }

    /** The privacy parameters the ROUND_START to {@code agent} carries. */
    PrivacyParams paramsFor(AgentRecord agent, int targetRounds);

    /** Accounts for a completed round and returns the run's epsilon so far. */
    double afterRound(List<AgentUpdate> updates);

    /** The run's privacy as planned and as spent. */
    PrivacySummary summary(double epsilonSpent);
}
