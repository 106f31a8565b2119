package dev.pmad.coordinator.secure;

import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.privacy.PrivacyMode;
import java.util.Set;

/**
 * How a coordinator aggregates securely ({@code SECURE_AGGREGATION*}); {@link #OFF} for plain
 * MODEL_UPDATEs.
 *
 * @param enabled    SECURE_AGGREGATION
 * @param threshold  SECURE_AGGREGATION_THRESHOLD, Shamir's t; 0: the protocol's default for each
 *                   round's agents (a strict majority of each agent's share holders)
 * @param bits       SECURE_AGGREGATION_BITS: the ring is integers mod 2^bits
 * @param neighbours SECURE_AGGREGATION_NEIGHBOURS: 0 for the complete graph, an even degree for
 *                   SecAgg+'s neighbourhood graph, -1 for the protocol's default (complete up to 64 agents)
 * @param clip       SECURE_AGGREGATION_CLIP: the L2 norm every agent clips its delta to, which
 *                   bounds the ring values; the public bound the quantization scale is derived from
 */
public record SecureAggregationSettings(boolean enabled, int threshold, int bits, int neighbours, double clip) {
    public static final int DEFAULT_BITS = 48;
    /**
     * Large enough not to bind in normal training, small enough that one agent cannot move a round
     * far: with 5 agents, dirichlet:0.5 and the default training settings no round delta exceeded
     * 1.5 on Breast Cancer or 4 on UCI Adult (5 local epochs on Adult: under 10); measured in
     * docs/configuration.md.
     */
    public static final double DEFAULT_CLIP = 10;
    public static final SecureAggregationSettings OFF = new SecureAggregationSettings(false, 0, DEFAULT_BITS, -1, DEFAULT_CLIP);

    /** The strategies that need nothing but the (weighted) mean delta, which is all a secure sum reveals. */
    public static final Set<String> COMPATIBLE_STRATEGIES = Set.of("fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi",
            "fedadagrad");

    public SecureAggregationSettings {
        if (threshold < 0) {
            throw new IllegalArgumentException("SECURE_AGGREGATION_THRESHOLD must be >= 2 (or 0 for the default), was "
                    + threshold);
        }
        if (threshold == 1) {
            throw new IllegalArgumentException("SECURE_AGGREGATION_THRESHOLD must be >= 2: with 1, any single agent's"
                    + " share would reveal another's masks");
        }
        if (bits < 16 || bits > 64) {
            throw new IllegalArgumentException("SECURE_AGGREGATION_BITS must be in 16..64, was " + bits);
        }
        if (neighbours < -1 || neighbours == 1 || (neighbours > 0 && neighbours % 2 != 0)) {
            throw new IllegalArgumentException("SECURE_AGGREGATION_NEIGHBOURS must be 0 (complete graph), an even number"
                    + " >= 2 (SecAgg+ neighbourhood graph) or -1 (the default), was " + neighbours);
        }
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("SECURE_AGGREGATION_CLIP must be a positive number, was " + clip);
        }
    }

    /**
     * Why a run with {@code strategy}, {@code influence} and {@code mode} cannot be aggregated
     * securely, or null when it can. The message names both settings.
     */
    public String refusal(Strategy strategy, InfluenceBound influence, PrivacyMode mode) {
        if (!enabled) return null;
        if (!COMPATIBLE_STRATEGIES.contains(strategy.name())) {
            return "STRATEGY=" + strategy.name() + " cannot run with SECURE_AGGREGATION=true: the coordinator sees only"
                    + " the sum of the agents' updates, and " + strategy.name() + " needs each update on its own; use one"
                    + " of " + String.join(", ", COMPATIBLE_STRATEGIES.stream().sorted().toList())
                    + " or turn secure aggregation off";
        }
        if (influence.active()) {
            return "SAMPLE_CAP/NORM_BOUND (the influence bound) cannot run with SECURE_AGGREGATION=true: it compares each"
                    + " update with the round's median, which the coordinator no longer sees; every agent clips its own"
                    + " delta to SECURE_AGGREGATION_CLIP instead. Set SAMPLE_CAP=0 and NORM_BOUND=0, or turn secure"
                    + " aggregation off";
        }
        if (mode == PrivacyMode.RECORD || mode == PrivacyMode.LOCAL) {
            return "DP_MODE=" + mode.wireName() + " cannot run with SECURE_AGGREGATION=true: with secure aggregation the"
                    + " agents add the noise of DP_MODE=central themselves (distributed DP); use DP_MODE=central or none,"
                    + " or turn secure aggregation off";
        }
        return null;
    }
}
