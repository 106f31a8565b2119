package dev.pmad.secagg;

import java.util.List;
import java.util.Objects;

/**
 * Round Unmasking (Bonawitz et al. 2017, Fig. 4, Round 4), server to agents: whose self-mask
 * seed to reveal (the survivors, U3: their masked input arrived) and whose mask key (the
 * dropped, U2 \ U3: they shared keys but sent no masked input). Never both for one agent; an
 * agent refuses a request that asks for both ({@link SecAggException.Reason#REVEAL_BOTH}).
 */
public record UnmaskRequest(String runId, int round, List<String> survivors,
        List<String> dropped) {
    public UnmaskRequest {
        Objects.requireNonNull(runId, "runId");
        survivors = List.copyOf(survivors);
        dropped = List.copyOf(dropped);
    }
}
