package dev.pmad.protocol;

/** Coordinator to agents at the end of a run: the final global model and how the run ended. */
public record GlobalModel(String runId, int round, String sender, ModelShape shape, Weights weights,
                          String outcome) implements Message {
    public GlobalModel {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.present(shape, "shape");
        Checks.present(weights, "weights");
        if (weights.size() != shape.size()) {
            throw new IllegalArgumentException("weights has " + weights.size() + " values, shape needs " + shape.size());
        }
        Checks.id(outcome, "outcome");
    }

    @Override
    public MessageType type() {
        return MessageType.GLOBAL_MODEL;
    }
}
