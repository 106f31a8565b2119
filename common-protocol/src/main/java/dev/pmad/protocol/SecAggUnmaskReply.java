package dev.pmad.protocol;

import java.util.List;

/**
 * Agent to coordinator, step 7: its shares of the survivors' self-mask seeds and of the dropped
 * agents' mask keys, as the {@link SecAggUnmask} asked.
 */
public record SecAggUnmaskReply(String runId, int round, String sender, List<SecretShare> selfSeedShares,
                                List<SecretShare> maskKeyShares) implements Message {
    public SecAggUnmaskReply {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        selfSeedShares = Checks.list(selfSeedShares, "selfSeedShares");
        maskKeyShares = Checks.list(maskKeyShares, "maskKeyShares");
    }

    @Override
    public MessageType type() {
        return MessageType.SECAGG_UNMASK_REPLY;
    }
}
