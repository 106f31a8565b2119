package dev.pmad.coordinator;

import dev.pmad.coordinator.aggregation.FederatedNewton;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a coordinator needs to run federations; validated on construction with messages
 * that name the setting to change.
 *
 * @param address              the coordinator's own address on the transport
 * @param schemaFingerprint    agents with another schema are refused
 * @param shape                model shape from the schema
 * @param numericFeatures      numeric features the agents report statistics for
 * @param minAgents            quorum to start and to close a round at the timeout (MIN_AGENTS)
 * @param targetRounds         default rounds of a run (TARGET_ROUNDS)
 * @param maxTargetRounds      the largest number of rounds a Start may ask for
 * @param roundTimeout         how long to wait for updates, and for evaluations (ROUND_TIMEOUT)
 * @param registrationTimeout  how long a started run waits for the quorum before failing
 * @param heartbeatInterval    how often agents are expected to send heartbeats
 * @param missedHeartbeats     silent intervals after which an agent is marked lost
 * @param training             local training hyper-parameters
 * @param learningRateDecay    round r trains with learningRate / (1 + decay * (r - 1)); a decaying
 *                             local step is what lets FedAvg converge on non-IID data (Li et al.
 *                             2020, "On the Convergence of FedAvg on Non-IID Data"); 0 = constant
 * @param privacy              the run's privacy settings
 * @param strategy             how a round's updates become the next global model (STRATEGY)
 */
public record CoordinatorConfig(String address, String schemaFingerprint, ModelShape shape, int numericFeatures,
                                int minAgents, int targetRounds, int maxTargetRounds, Duration roundTimeout,
                                Duration registrationTimeout, Duration heartbeatInterval, int missedHeartbeats,
                                TrainingParams training, double learningRateDecay, PrivacySettings privacy,
                                Strategy strategy) {
    /** With weighted FedAvg. */
    public CoordinatorConfig(String address, String schemaFingerprint, ModelShape shape, int numericFeatures,
                             int minAgents, int targetRounds, int maxTargetRounds, Duration roundTimeout,
                             Duration registrationTimeout, Duration heartbeatInterval, int missedHeartbeats,
                             TrainingParams training, double learningRateDecay, PrivacySettings privacy) {
        this(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds, maxTargetRounds, roundTimeout,
                registrationTimeout, heartbeatInterval, missedHeartbeats, training, learningRateDecay, privacy,
                Strategies.parse("fedavg"));
    }

    public CoordinatorConfig {
        Objects.requireNonNull(strategy, "strategy");
        if (strategy.minUpdates() > minAgents) {
            throw new IllegalArgumentException("strategy " + strategy.name() + " " + strategy.options() + " needs at least "
                    + strategy.minUpdates() + " updates a round, but MIN_AGENTS is " + minAgents
                    + "; raise MIN_AGENTS or choose other strategy options");
        }
        String unsupported = privacy == null ? null : strategy.unsupported(privacy.mode());
        if (unsupported != null) throw new IllegalArgumentException("STRATEGY=" + strategy.name() + ": " + unsupported);
        if (privacy != null && privacy.mode() == PrivacyMode.CENTRAL && strategy.centralDpProcedure() == null) {
            // Central DP noises a clipped, uniformly weighted sum; a median, Krum or a server optimizer
            // changes what that noise has to hide, and no accounting here covers it. FedProx changes
            // only the agents' local steps, which clipping bounds like any other.
            throw new IllegalArgumentException("strategy " + strategy.name() + " is not available with DP_MODE=central,"
                    + " whose noise is calibrated for a plain average of clipped updates; use fedavg or fedprox");
        }
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(privacy, "privacy");
        String untrainable = strategy.unsupported(training);
        if (untrainable != null) throw new IllegalArgumentException("STRATEGY=" + strategy.name() + ": " + untrainable);
        if (strategy instanceof FederatedNewton && FederatedNewton.unsupported(shape) != null) {
            throw new IllegalArgumentException("STRATEGY=newton: " + FederatedNewton.unsupported(shape));
        }
        if (minAgents < 1) throw new IllegalArgumentException("MIN_AGENTS must be at least 1, was " + minAgents);
        if (maxTargetRounds < 1) throw new IllegalArgumentException("maximum rounds must be at least 1, was " + maxTargetRounds);
        if (targetRounds < 1 || targetRounds > maxTargetRounds) {
            throw new IllegalArgumentException("TARGET_ROUNDS must be between 1 and " + maxTargetRounds + ", was " + targetRounds);
        }
        positive(roundTimeout, "ROUND_TIMEOUT");
        positive(registrationTimeout, "REGISTRATION_TIMEOUT");
        positive(heartbeatInterval, "HEARTBEAT_INTERVAL");
        if (!(learningRateDecay >= 0) || !Double.isFinite(learningRateDecay)) {
            throw new IllegalArgumentException("LEARNING_RATE_DECAY must be a number >= 0, was " + learningRateDecay);
        }
        if (missedHeartbeats < 1) throw new IllegalArgumentException("MISSED_HEARTBEATS must be at least 1, was " + missedHeartbeats);
    }

    /** The same settings with another aggregation strategy. */
    public CoordinatorConfig withStrategy(Strategy next) {
        return new CoordinatorConfig(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds,
                maxTargetRounds, roundTimeout, registrationTimeout, heartbeatInterval, missedHeartbeats, training,
                learningRateDecay, privacy, next);
    }

    /** The local training parameters of round {@code round} (1-based), after the decay. */
    public TrainingParams trainingFor(int round) {
        double rate = training.learningRate() / (1 + learningRateDecay * (round - 1));
        return new TrainingParams(training.epochs(), rate, training.batchSize(), training.seed());
    }

    /** The largest number of rounds one run may ask for. */
    public static final int MAX_ROUNDS = 1000;

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }

    /**
     * The run's privacy settings.
     *
     * @param mode     DP_MODE
     * @param noise    DP_NOISE (gaussian, or laplace in local mode)
     * @param epsilon  DP_EPSILON, the budget of the whole run (0 with mode none)
     * @param delta    DP_DELTA
     * @param clipNorm DP_CLIP_NORM
     */
    public record PrivacySettings(PrivacyMode mode, NoiseKind noise, double epsilon, double delta, double clipNorm) {
        public static final PrivacySettings NONE = new PrivacySettings(PrivacyMode.NONE, NoiseKind.GAUSSIAN, 0, 1e-5, 1.0);

        public PrivacySettings {
            Objects.requireNonNull(mode, "DP_MODE");
            Objects.requireNonNull(noise, "DP_NOISE");
            if (mode != PrivacyMode.NONE) {
                if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                    throw new IllegalArgumentException("DP_EPSILON must be a positive number with DP_MODE=" + mode.wireName() + ", was " + epsilon);
                }
                if (!(delta > 0 && delta < 1)) {
                    throw new IllegalArgumentException("DP_DELTA must be in (0, 1), was " + delta);
                }
                if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
                    throw new IllegalArgumentException("DP_CLIP_NORM must be a positive number, was " + clipNorm);
                }
                if (noise == NoiseKind.LAPLACE && mode != PrivacyMode.LOCAL) {
                    throw new IllegalArgumentException("DP_NOISE=laplace is only available with DP_MODE=local");
                }
            }
        }
    }
}
