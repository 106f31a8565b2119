package dev.pmad.protocol;

import java.util.List;

/** Coordinator to each agent that advertised keys, step 2: every advert received, in agent order. */
public record SecAggRoster(String runId, int round, String sender, List<SecAggKey> keys) implements Message {
    public SecAggRoster {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        keys = Checks.list(keys, "keys");
    }

    @Override
    public MessageType type() {
        return MessageType.SECAGG_ROSTER;
    }
}
