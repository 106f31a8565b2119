package dev.pmad.protocol;

/** Coordinator to agent: score this new global model on your local test split. */
public record Evaluate(String runId, int round, String sender, ModelShape shape, Weights global)
        implements Message {
    public Evaluate {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.present(shape, "shape");
        Checks.present(global, "global");
        if (global.size() != shape.size()) {
            throw new IllegalArgumentException("global has " + global.size() + " values, shape needs " + shape.size());
        }
    }

    @Override
    public MessageType type() {
        return MessageType.EVALUATE;
    }
}
