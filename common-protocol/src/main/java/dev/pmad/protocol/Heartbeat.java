package dev.pmad.protocol;

/** Either direction: "still alive", with the sender's state-machine state for the dashboard. */
public record Heartbeat(String runId, int round, String sender, String state) implements Message {
    public Heartbeat {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.id(state, "state");
    }

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }
}
