package dev.pmad.protocol;

/** Coordinator to agents: the run is over (stopped, failed or completed); drop its state. */
public record Stop(String runId, int round, String sender, String reason) implements Message {
    public Stop {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.text(reason, "reason");
    }

    @Override
    public MessageType type() {
        return MessageType.STOP;
    }
}
