package dev.pmad.secagg;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The public settings of one secure-aggregation round, known to every agent and the server.
 *
 * @param runId the run, bound into every key derivation and every encrypted share
 * @param round the round number, likewise bound
 * @param agents this round's invitees, sorted, distinct; an agent's Shamir x-coordinate is its
 *     index here plus one, and the sign of a pairwise mask follows this order
 * @param threshold t: shares needed to reconstruct an agent's secret, counted among its share
 *     holders (itself and its graph neighbours); at least 2 and at most the holder count
 * @param bits the ring is Z_{2^bits}, 1 &lt;= bits &lt;= 64
 * @param graph complete (Bonawitz et al.) or a Harary neighbourhood graph (SecAgg+)
 * @param length the number of ring elements in every input vector
 */
public record SecAggParams(String runId, int round, List<String> agents, int threshold, int bits,
        Graph graph, int length) {

    public SecAggParams {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(graph, "graph");
        agents = List.copyOf(Objects.requireNonNull(agents, "agents"));
        if (agents.size() < 2) {
            throw new IllegalArgumentException("secure aggregation needs at least 2 agents, was "
                    + agents.size());
        }
        for (int i = 1; i < agents.size(); i++) {
            if (agents.get(i - 1).compareTo(agents.get(i)) >= 0) {
                throw new IllegalArgumentException("agents must be sorted and distinct: '"
                        + agents.get(i - 1) + "' then '" + agents.get(i) + "'");
            }
        }
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("secure aggregation bits must be in 1..64, was "
                    + bits);
        }
        if (length < 0) {
            throw new IllegalArgumentException("vector length must be >= 0, was " + length);
        }
        int holders = holderCount(agents.size(), graph);
        if (threshold < 2 || threshold > holders) {
            throw new IllegalArgumentException("secure aggregation threshold must be in 2.."
                    + holders + " (the share holders of each agent: itself and its "
                    + (graph.kind() == Graph.Kind.COMPLETE ? "n - 1 peers" : "graph neighbours")
                    + "), was " + threshold);
        }
    }

    /**
     * The default graph ({@link Graph#defaultFor}) and threshold ({@link #defaultThreshold}) for
     * these agents.
     */
    public static SecAggParams withDefaults(String runId, int round, List<String> agents, int bits,
            int length) {
        List<String> sorted = new ArrayList<>(agents);
        sorted.sort(null);
        Graph graph = Graph.defaultFor(sorted.size());
        int threshold = defaultThreshold(holderCount(sorted.size(), graph));
        return new SecAggParams(runId, round, sorted, threshold, bits, graph, length);
    }

    /**
     * The default threshold for an agent with {@code holders} share holders (n for the complete
     * graph, degree + 1 for SecAgg+): a strict majority, floor(holders / 2) + 1, never below 2.
     * A majority means two disjoint groups of holders can never both reconstruct, so a server
     * that asks some holders for an agent's self-mask seed and others for its mask key cannot
     * get both (Bonawitz et al. 2017, Section 4, the reason for t &gt; n/2), and it tolerates
     * just under half the holders dropping.
     */
    public static int defaultThreshold(int holders) {
        return Math.max(2, holders / 2 + 1);
    }

    /** Share holders of each agent: itself and its neighbours. */
    static int holderCount(int n, Graph graph) {
        return graph.kind() == Graph.Kind.COMPLETE ? n : Math.min(n, graph.degree() + 1);
    }

    /** The ring mask, 2^bits - 1 (all ones for 64 bits). */
    public long ringMask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }
}
