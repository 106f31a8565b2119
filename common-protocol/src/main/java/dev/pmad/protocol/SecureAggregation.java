package dev.pmad.protocol;

import java.util.List;

/**
 * A round's secure aggregation, sent in its ROUND_START ({@link #OFF} when the round sends plain
 * MODEL_UPDATEs): everything an agent needs to build the same protocol parameters as the
 * coordinator and to check what it is asked to contribute (SecAgg+, Bonawitz et al. 2017; Bell et
 * al. 2020).
 *
 * <p>Each agent sends {@code [w * clip(delta, bound), w]} with {@code w = samples / maxSamples},
 * its own released JOIN row count over the largest among the round's agents, quantized with the
 * scale every party derives from {@code bound}, the number of agents and {@code bits}. The
 * coordinator learns only the sums, so FedAvg's weighted mean is their ratio.
 *
 * @param enabled    whether the round is aggregated securely
 * @param agents     the round's invitees, sorted: the protocol's party set
 * @param threshold  how many agents must reach the end for the sum to be revealed (Shamir's t)
 * @param bits       the ring is integers mod 2^bits
 * @param neighbours 0 for the complete graph; otherwise each agent masks with this many neighbours (SecAgg+)
 * @param bound      the L2 bound every agent clips its delta to: DP_CLIP_NORM under DP, else SECURE_AGGREGATION_CLIP
 * @param maxSamples the largest released row count among the round's agents: the weights' denominator
 */
public record SecureAggregation(boolean enabled, List<String> agents, int threshold, int bits, int neighbours,
                                double bound, int maxSamples) {
    /** Most agents one secure round may have. */
    static final int MAX_AGENTS = 100_000;

    public static final SecureAggregation OFF = new SecureAggregation(false, List.of(), 0, 0, 0, 0, 0);

    public SecureAggregation {
        Checks.present(agents, "secure.agents");
        agents = List.copyOf(agents);
        if (agents.size() > MAX_AGENTS) throw new IllegalArgumentException("secure.agents has more than " + MAX_AGENTS);
        for (String a : agents) Checks.id(a, "secure.agents[]");
        Checks.nonNegative(bound, "secure.bound");
        if (enabled) {
            if (agents.isEmpty()) throw new IllegalArgumentException("secure.agents is empty");
            for (int i = 1; i < agents.size(); i++) {
                if (agents.get(i - 1).compareTo(agents.get(i)) >= 0) {
                    throw new IllegalArgumentException("secure.agents must be sorted and distinct");
                }
            }
            if (threshold < 1 || threshold > agents.size()) {
                throw new IllegalArgumentException("secure.threshold must be in [1, " + agents.size() + "], was " + threshold);
            }
            if (bits < 2 || bits > 64) throw new IllegalArgumentException("secure.bits must be in [2, 64], was " + bits);
            if (neighbours < 0) throw new IllegalArgumentException("secure.neighbours must be >= 0, was " + neighbours);
            if (!(bound > 0)) throw new IllegalArgumentException("secure.bound must be > 0, was " + bound);
            if (maxSamples < 1) throw new IllegalArgumentException("secure.maxSamples must be >= 1, was " + maxSamples);
        }
    }
}
