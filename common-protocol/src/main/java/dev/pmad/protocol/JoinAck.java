package dev.pmad.protocol;

/** Coordinator to agent: the JOIN was accepted, or refused with a reason the agent logs. */
public record JoinAck(String runId, int round, String sender, boolean accepted, String reason)
        implements Message {
    /** Reason prefix of a refusal that means "I do not know you (any more): JOIN again". */
    public static final String REJOIN = "rejoin";
    /**
     * Reason prefix of a refusal no retry can cure: the agent's schema is not the coordinator's.
     * The agent stops instead of asking again (the coordinator's refusal starts with it).
     */
    public static final String SCHEMA_MISMATCH = "schema mismatch";

    public JoinAck {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.text(reason, "reason");
    }

    @Override
    public MessageType type() {
        return MessageType.JOIN_ACK;
    }
}
