package dev.pmad.protocol;

import java.util.List;

/**
 * Coordinator to each agent whose masked input arrived, step 6: who survived (their self masks
 * are removed) and who dropped after sharing (their pairwise masks are removed). An agent
 * answers for one set or the other, never both for the same agent.
 */
public record SecAggUnmask(String runId, int round, String sender, List<String> survivors, List<String> dropped)
        implements Message {
    public SecAggUnmask {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        survivors = Checks.list(survivors, "survivors");
        dropped = Checks.list(dropped, "dropped");
        for (String s : survivors) Checks.id(s, "survivors[]");
        for (String d : dropped) Checks.id(d, "dropped[]");
    }

    @Override
    public MessageType type() {
        return MessageType.SECAGG_UNMASK;
    }
}
