package dev.pmad.secagg;

/**
 * Which pairs of agents share a pairwise mask and which agents hold the Shamir shares of an
 * agent's secrets: everybody ({@link Kind#COMPLETE}, Bonawitz et al. 2017) or the agent's
 * neighbours in a random Harary graph of even degree {@code degree} (SecAgg+, Bell et al. 2020:
 * agents on a ring in a random order, each joined to the {@code degree / 2} nearest on either
 * side; the order comes from public randomness, the run id and round).
 */
public record Graph(Kind kind, int degree) {
    /** The two families of graphs. */
    public enum Kind {
        /** Every pair of agents. */
        COMPLETE,
        /** A random Harary graph H(n, degree) (SecAgg+). */
        HARARY
    }

    /** The complete graph. */
    public static final Graph COMPLETE = new Graph(Kind.COMPLETE, 0);

    /**
     * Federations up to this many agents use the complete graph by default: at 64 agents the
     * pairwise masks cost 63 PRG expansions per agent, cheaper than the model's own update.
     */
    public static final int COMPLETE_UP_TO = 64;

    public Graph {
        if (kind == null) {
            throw new IllegalArgumentException("graph kind must be COMPLETE or HARARY");
        }
        if (kind == Kind.COMPLETE && degree != 0) {
            throw new IllegalArgumentException("the complete graph has no degree setting, was "
                    + degree);
        }
        if (kind == Kind.HARARY && (degree < 2 || degree % 2 != 0)) {
            throw new IllegalArgumentException("SecAgg+ neighbourhood degree must be even and >= 2,"
                    + " was " + degree);
        }
    }

    /** A random Harary graph of the given even degree (SecAgg+). */
    public static Graph harary(int degree) {
        return new Graph(Kind.HARARY, degree);
    }

    /**
     * The default for {@code n} agents: complete up to {@link #COMPLETE_UP_TO}, else a Harary
     * graph of degree ceil(3 log2 n) rounded up to even (20 at 65 agents, 30 at 1000). This is
     * this project's rule of thumb, not a derived bound: Bell et al. prove O(log n) suffices and
     * Google's reference implementation searches the degree and threshold for assumed corruption
     * and dropout rates at 2^-40 statistical security ({@code graph_parameter_finder.cc}). A
     * federation that assumes many corrupt or dropping agents should pass its own degree.
     */
    public static Graph defaultFor(int n) {
        if (n <= COMPLETE_UP_TO) {
            return COMPLETE;
        }
        int k = (int) Math.ceil(3 * Math.log(n) / Math.log(2));
        if (k % 2 != 0) {
            k++;
        }
        return harary(k);
    }
}
