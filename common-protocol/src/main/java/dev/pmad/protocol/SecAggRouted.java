package dev.pmad.protocol;

import java.util.List;

/** Coordinator to each agent that sent shares, step 4: the sealed shares addressed to it. */
public record SecAggRouted(String runId, int round, String sender, List<SealedShare> shares) implements Message {
    public SecAggRouted {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        shares = Checks.list(shares, "shares");
    }

    @Override
    public MessageType type() {
        return MessageType.SECAGG_ROUTED;
    }
}
