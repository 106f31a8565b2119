package dev.pmad.protocol;

/**
 * Either direction: something the peer should know went wrong, e.g. an agent refusing to train
 * because its privacy budget would be exceeded ({@code code = BUDGET_EXHAUSTED}).
 */
public record ErrorMessage(String runId, int round, String sender, String code, String detail)
        implements Message {
    public static final String BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED";
    /** An agent refuses a round its owner's policy does not allow (mode, delta, clip, noise, run id, round order). */
    public static final String POLICY_REFUSED = "POLICY_REFUSED";
    public static final String TRAINING_FAILED = "TRAINING_FAILED";
    public static final String BAD_REQUEST = "BAD_REQUEST";

    public ErrorMessage {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.id(code, "code");
        Checks.text(detail, "detail");
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }
}
