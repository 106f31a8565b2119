package dev.pmad.secagg;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Round Unmasking (Bonawitz et al. 2017, Fig. 4, Round 4), agent to server: the replying agent's
 * Shamir shares (field elements, big-endian) of the self-mask seeds of the survivors and of the
 * mask keys of the dropped agents, keyed by the agent whose secret they share.
 */
public record UnmaskReply(String runId, int round, String agent,
        Map<String, byte[]> selfSeedShares, Map<String, byte[]> maskKeyShares) {
    public UnmaskReply {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(agent, "agent");
        selfSeedShares = copy(selfSeedShares);
        maskKeyShares = copy(maskKeyShares);
    }

    private static Map<String, byte[]> copy(Map<String, byte[]> m) {
        TreeMap<String, byte[]> c = new TreeMap<>();
        m.forEach((k, v) -> c.put(k, v.clone()));
        return Collections.unmodifiableMap(c);
    }
}
