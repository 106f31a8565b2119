package dev.pmad.coordinator;

import dev.pmad.coordinator.aggregation.FederatedNewton;
import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.sampling.ClientSampling;
import dev.pmad.coordinator.secure.SecureAggregationSettings;
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
 * @param fraction             the probability that a live agent is drawn into a round (FRACTION_FIT),
 *                             in (0, 1]; 1 = every agent every round. How MIN_AGENTS bounds a
 *                             sampled round depends on the privacy mode: see {@link ClientSampling}
 * @param influenceBound       how far one agent's declared rows and update norms may exceed the
 *                             round's median (SAMPLE_CAP, NORM_BOUND); not applied in central mode
 * @param secure               whether and how rounds are aggregated securely (SECURE_AGGREGATION*);
 *                             refused with a strategy, influence bound or privacy mode that needs
 *                             more than the sum of the updates
 */
public record CoordinatorConfig(String address, String schemaFingerprint, ModelShape shape, int numericFeatures,
                                int minAgents, int targetRounds, int maxTargetRounds, Duration roundTimeout,
                                Duration registrationTimeout, Duration heartbeatInterval, int missedHeartbeats,
                                TrainingParams training, double learningRateDecay, PrivacySettings privacy,
                                Strategy strategy, double fraction, InfluenceBound influenceBound,
                                SecureAggregationSettings secure) {
    /** Without secure aggregation. */
    public CoordinatorConfig(String address, String schemaFingerprint, ModelShape shape, int numericFeatures,
                             int minAgents, int targetRounds, int maxTargetRounds, Duration roundTimeout,
                             Duration registrationTimeout, Duration heartbeatInterval, int missedHeartbeats,
                             TrainingParams training, double learningRateDecay, PrivacySettings privacy,
                             Strategy strategy, double fraction, InfluenceBound influenceBound) {
        this(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds, maxTargetRounds, roundTimeout,
                registrationTimeout, heartbeatInterval, missedHeartbeats, training, learningRateDecay, privacy, strategy,
                fraction, influenceBound, SecureAggregationSettings.OFF);
    }

    /** With the default influence bound. */
    public CoordinatorConfig(String address, String schemaFingerprint, ModelShape shape, int numericFeatures,
                             int minAgents, int targetRounds, int maxTargetRounds, Duration roundTimeout,
                             Duration registrationTimeout, Duration heartbeatInterval, int missedHeartbeats,
                             TrainingParams training, double learningRateDecay, PrivacySettings privacy,
                             Strategy strategy, double fraction) {
        this(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds, maxTargetRounds, roundTimeout,
                registrationTimeout, heartbeatInterval, missedHeartbeats, training, learningRateDecay, privacy, strategy,
                fraction, InfluenceBound.DEFAULT);
    }

    /** Every agent in every round. */
    public CoordinatorConfig(String address, String schemaFingerprint, ModelShape shape, int numericFeatures,
                             int minAgents, int targetRounds, int maxTargetRounds, Duration roundTimeout,
                             Duration registrationTimeout, Duration heartbeatInterval, int missedHeartbeats,
                             TrainingParams training, double learningRateDecay, PrivacySettings privacy,
                             Strategy strategy) {
        this(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds, maxTargetRounds, roundTimeout,
                registrationTimeout, heartbeatInterval, missedHeartbeats, training, learningRateDecay, privacy, strategy,
                1.0);
    }

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
        Objects.requireNonNull(influenceBound, "influenceBound");
        Objects.requireNonNull(secure, "secure");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(privacy, "privacy");
        String refusal = strategyRefusal(strategy, minAgents, privacy.mode(), shape, training);
        if (refusal != null) throw new IllegalArgumentException("STRATEGY=" + strategy.name() + ": " + refusal);
        String secureRefusal = secure.refusal(strategy, influenceBound, privacy.mode());
        if (secureRefusal != null) throw new IllegalArgumentException(secureRefusal);
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
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("FRACTION_FIT must be a number in (0, 1], was " + fraction
                    + ": the probability that an agent takes part in a round (1 = every agent every round)");
        }
        String distributed = distributedDpRefusal(secure, privacy, fraction);
        if (distributed != null) throw new IllegalArgumentException(distributed);
    }

    /** Whether the agents add the run's noise themselves: central DP with secure aggregation (distributed DP). */
    public boolean distributedDp() {
        return secure.enabled() && privacy.mode() == PrivacyMode.CENTRAL;
    }

    /**
     * Why distributed DP (central DP with secure aggregation) cannot run with these settings, or
     * null: it is accounted without client sampling, since the coordinator, the party it protects
     * against, knows who took part; and adaptive clipping needs each agent's clipped bit, which a
     * secure round never shows the coordinator alone.
     */
    static String distributedDpRefusal(SecureAggregationSettings secure, PrivacySettings privacy, double fraction) {
        if (!secure.enabled() || privacy.mode() != PrivacyMode.CENTRAL) return null;
        if (fraction < 1) {
            return "FRACTION_FIT=" + fraction + " cannot run with DP_MODE=central and SECURE_AGGREGATION=true: the agents"
                    + " noise their own inputs (distributed DP) and the coordinator sees who takes part, so client"
                    + " sampling amplifies nothing; set FRACTION_FIT=1 (--fraction 1)";
        }
        if (privacy.adaptive() != null) {
            return "DP_CLIP_NORM=adaptive cannot run with SECURE_AGGREGATION=true: adaptive clipping counts each agent's"
                    + " clipped bit, which a secure round never shows the coordinator; give DP_CLIP_NORM a number";
        }
        return null;
    }

    /**
     * Why {@code strategy} cannot aggregate runs of this coordinator, or null when it can: the
     * same checks for the strategy it was configured with and for one a Start asks for.
     */
    public String strategyRefusal(Strategy strategy) {
        String refusal = strategyRefusal(strategy, minAgents, privacy.mode(), shape, training);
        return refusal != null ? refusal : secure.refusal(strategy, influenceBound, privacy.mode());
    }

    private static String strategyRefusal(Strategy strategy, int minAgents, PrivacyMode mode, ModelShape shape,
                                          TrainingParams training) {
        if (strategy.minUpdates() > minAgents) {
            return "strategy " + strategy.name() + " " + strategy.options() + " needs at least " + strategy.minUpdates()
                    + " updates a round, but MIN_AGENTS is " + minAgents + "; raise MIN_AGENTS or choose other strategy options";
        }
        // A strategy's own reason first: scaffold under central DP is refused for its control variates.
        String unsupported = strategy.unsupported(mode);
        if (unsupported != null) return unsupported;
        if (mode == PrivacyMode.CENTRAL && strategy.centralDpProcedure() == null) {
            // Central DP noises a clipped, uniformly weighted sum; a median, Krum or a server optimizer
            // changes what that noise has to hide, and no accounting here covers it. FedProx changes
            // only the agents' local steps, which clipping bounds like any other.
            return "strategy " + strategy.name() + " is not available with DP_MODE=central,"
                    + " whose noise is calibrated for a plain average of clipped updates; use fedavg or fedprox";
        }
        String untrainable = strategy.unsupported(training);
        if (untrainable != null) return untrainable;
        if (strategy instanceof FederatedNewton) return FederatedNewton.unsupported(shape);
        return null;
    }

    /** The same settings with another aggregation strategy. */
    public CoordinatorConfig withStrategy(Strategy next) {
        return new CoordinatorConfig(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds,
                maxTargetRounds, roundTimeout, registrationTimeout, heartbeatInterval, missedHeartbeats, training,
                learningRateDecay, privacy, next, fraction, influenceBound, secure);
    }

    /** The same settings with another client sampling fraction (FRACTION_FIT). */
    public CoordinatorConfig withFraction(double next) {
        return new CoordinatorConfig(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds,
                maxTargetRounds, roundTimeout, registrationTimeout, heartbeatInterval, missedHeartbeats, training,
                learningRateDecay, privacy, strategy, next, influenceBound, secure);
    }

    /** The same settings with another FRACTION_FIT and MIN_AGENTS. */
    public CoordinatorConfig withClientSampling(double nextFraction, int nextMinAgents) {
        return new CoordinatorConfig(address, schemaFingerprint, shape, numericFeatures, nextMinAgents, targetRounds,
                maxTargetRounds, roundTimeout, registrationTimeout, heartbeatInterval, missedHeartbeats, training,
                learningRateDecay, privacy, strategy, nextFraction, influenceBound, secure);
    }

    /** The same settings with another influence bound (SAMPLE_CAP, NORM_BOUND). */
    public CoordinatorConfig withInfluenceBound(InfluenceBound next) {
        return new CoordinatorConfig(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds,
                maxTargetRounds, roundTimeout, registrationTimeout, heartbeatInterval, missedHeartbeats, training,
                learningRateDecay, privacy, strategy, fraction, next, secure);
    }

    /** The same settings with secure aggregation as {@code next} says. */
    public CoordinatorConfig withSecureAggregation(SecureAggregationSettings next) {
        return new CoordinatorConfig(address, schemaFingerprint, shape, numericFeatures, minAgents, targetRounds,
                maxTargetRounds, roundTimeout, registrationTimeout, heartbeatInterval, missedHeartbeats, training,
                learningRateDecay, privacy, strategy, fraction, influenceBound, next);
    }

    /** Who takes part in each round and how MIN_AGENTS bounds it, for these settings. */
    public ClientSampling sampling() {
        return ClientSampling.of(fraction, minAgents, privacy.mode());
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
     * @param clipNorm DP_CLIP_NORM: the clip norm of every round, or with adaptive clipping of the first
     * @param adaptive DP_CLIP_NORM=adaptive[:quantile[:start]] (central mode only): the clip norm
     *                 follows this quantile of the update norms (Andrew et al. 2021); null = fixed
     */
    public record PrivacySettings(PrivacyMode mode, NoiseKind noise, double epsilon, double delta, double clipNorm,
                                  AdaptiveClip adaptive) {
        public static final PrivacySettings NONE = new PrivacySettings(PrivacyMode.NONE, NoiseKind.GAUSSIAN, 0, 1e-5, 1.0);

        /** With a fixed clip norm. */
        public PrivacySettings(PrivacyMode mode, NoiseKind noise, double epsilon, double delta, double clipNorm) {
            this(mode, noise, epsilon, delta, clipNorm, null);
        }

        /** Adaptive clipping's one choice: the fraction of updates to leave unclipped (0.5: the median). */
        public record AdaptiveClip(double quantile) {
            public static final double DEFAULT_QUANTILE = 0.5;

            public AdaptiveClip {
                if (!(quantile > 0 && quantile < 1)) {
                    throw new IllegalArgumentException("the adaptive clipping quantile must be in (0, 1), was " + quantile
                            + ": the fraction of updates left unclipped, e.g. 0.5 for the median");
                }
            }
        }

        public PrivacySettings {
            if (adaptive != null && mode != PrivacyMode.CENTRAL) {
                // The bits are noised and counted by the aggregator; local and record mode have no
                // trusted one to count them, and no noise of theirs scales with a moving clip.
                throw new IllegalArgumentException("DP_CLIP_NORM=adaptive is only available with DP_MODE=central, not "
                        + mode.wireName() + ": only there does a trusted coordinator noise the count of unclipped updates;"
                        + " give DP_CLIP_NORM a number");
            }
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
