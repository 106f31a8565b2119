package dev.pmad.protocol;

/**
 * Coordinator to a selected agent: train on your data starting from {@code global} and send back
 * the delta. Carries everything the round needs so that an agent holds no run state of its own
 * beyond its privacy ledger.
 */
public record RoundStart(String runId, int round, String sender, int targetRounds, ModelShape shape,
                         Weights global, Standardization standardization, TrainingParams training,
                         PrivacyParams privacy, SecureAggregation secure) implements Message {
    /** A round without secure aggregation. */
    public RoundStart(String runId, int round, String sender, int targetRounds, ModelShape shape, Weights global,
                      Standardization standardization, TrainingParams training, PrivacyParams privacy) {
        this(runId, round, sender, targetRounds, shape, global, standardization, training, privacy, SecureAggregation.OFF);
    }

    public RoundStart {
        Checks.present(secure, "secure");
        Checks.id(runId, "runId");
        Checks.round(round);
        if (round < 1) throw new IllegalArgumentException("round must be >= 1, was " + round);
        Checks.id(sender, "sender");
        if (targetRounds < round) {
            throw new IllegalArgumentException("targetRounds " + targetRounds + " is below round " + round);
        }
        Checks.present(shape, "shape");
        Checks.present(global, "global");
        if (global.size() != shape.size()) {
            throw new IllegalArgumentException("global has " + global.size() + " values, shape needs " + shape.size());
        }
        Checks.present(standardization, "standardization");
        Checks.present(training, "training");
        Checks.present(privacy, "privacy");
    }

    @Override
    public MessageType type() {
        return MessageType.ROUND_START;
    }
}
