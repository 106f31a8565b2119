package dev.pmad.secagg;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who masks with whom and who holds whose shares, computed identically by every party from the
 * public {@link SecAggParams}.
 *
 * <p>Complete graph (Bonawitz et al. 2017): every other agent is a neighbour. SecAgg+ (Bell et
 * al. 2020, the semi-honest protocol over a random k-regular graph): a random Harary graph
 * H(n, k) - the agents placed on a ring in a random order, each joined to the k/2 nearest on
 * either side - built as in Google's reference implementation ({@code
 * fcp/secagg/server/secret_sharing_harary_graph.h}), where the server draws the permutation.
 * Here the order is a Fisher-Yates shuffle driven by AES-CTR keyed with SHA-256 of (run id,
 * round): public randomness fixed before the round and recomputed by every agent, so no party
 * has to be trusted to send the graph. (A server that chose run ids to grind for a graph is
 * outside the semi-honest model this package implements.)
 */
final class Topology {
    private final SecAggParams params;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Set<String>> neighbours = new HashMap<>();

    Topology(SecAggParams params) {
        this.params = params;
        List<String> agents = params.agents();
        for (int i = 0; i < agents.size(); i++) {
            index.put(agents.get(i), i);
        }
        int n = agents.size();
        if (params.graph().kind() == Graph.Kind.COMPLETE || params.graph().degree() >= n - 1) {
            for (String a : agents) {
                Set<String> others = new TreeSet<>(agents);
                others.remove(a);
                neighbours.put(a, Collections.unmodifiableSet(others));
            }
        } else {
            List<String> ring = shuffled(agents);
            int half = params.graph().degree() / 2;
            for (int i = 0; i < n; i++) {
                Set<String> near = new TreeSet<>();
                for (int d = 1; d <= half; d++) {
                    near.add(ring.get((i + d) % n));
                    near.add(ring.get((i - d + n) % n));
                }
                neighbours.put(ring.get(i), Collections.unmodifiableSet(near));
            }
        }
    }

    boolean isAgent(String a) {
        return index.containsKey(a);
    }

    /** Shamir x-coordinate: 1-based index in the sorted invitee list. */
    int x(String a) {
        return index.get(a) + 1;
    }

    /** Pairwise-mask sign Delta_{u,v} (Bonawitz et al. Fig. 4, Round 2): +1 if u &gt; v. */
    int sign(String u, String v) {
        return index.get(u) > index.get(v) ? 1 : -1;
    }

    Set<String> neighbours(String a) {
        return neighbours.get(a);
    }

    /** The share holders of {@code a} among {@code present}: itself and its present neighbours. */
    Set<String> holders(String a, Set<String> present) {
        Set<String> h = new TreeSet<>();
        if (present.contains(a)) {
            h.add(a);
        }
        for (String v : neighbours.get(a)) {
            if (present.contains(v)) {
                h.add(v);
            }
        }
        return h;
    }

    int threshold() {
        return params.threshold();
    }

    private List<String> shuffled(List<String> agents) {
        List<String> ring = new ArrayList<>(agents);
        byte[] key;
        try {
            key = MessageDigest.getInstance("SHA-256").digest(
                    Context.of("graph", params.runId(), params.round()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        long[] words = Prg.expand(key, 4 * ring.size() + 64);
        int w = 0;
        for (int i = ring.size() - 1; i > 0; i--) {
            // Uniform j in [0, i] by rejection sampling on 31-bit words.
            long bound = i + 1L;
            long limit = (1L << 31) - ((1L << 31) % bound);
            long r;
            do {
                if (w == words.length) { // the same key stream, continued
                    words = Prg.expand(key, 2 * words.length);
                }
                r = words[w++] & 0x7fffffffL;
            } while (r >= limit);
            Collections.swap(ring, i, (int) (r % bound));
        }
        return ring;
    }
}
