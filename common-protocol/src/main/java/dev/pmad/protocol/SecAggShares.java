package dev.pmad.protocol;

import java.util.List;

/** Agent to coordinator, step 3: its sealed shares, one per other agent of the roster. */
public record SecAggShares(String runId, int round, String sender, List<SealedShare> shares) implements Message {
    public SecAggShares {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        shares = Checks.list(shares, "shares");
    }

    @Override
    public MessageType type() {
        return MessageType.SECAGG_SHARES;
    }
}
