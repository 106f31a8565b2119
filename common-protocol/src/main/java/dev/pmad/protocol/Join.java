package dev.pmad.protocol;

/**
 * Agent to coordinator: "I am here, with this many rows, under this schema". Sent at start,
 * after every reconnection and whenever the agent suspects the coordinator restarted.
 *
 * @param schemaFingerprint SHA-256 of the canonical schema; a mismatch is refused
 * @param trainerKind       e.g. {@code tribuo} or {@code spark}, shown on the dashboard
 * @param stats             per numeric feature count, sum and sum of squares of the training split
 */
public record Join(String runId, int round, String sender, String schemaFingerprint,
                   String trainerKind, int trainSamples, int testSamples, FeatureStats stats)
        implements Message {
    public Join {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.id(schemaFingerprint, "schemaFingerprint");
        Checks.id(trainerKind, "trainerKind");
        if (trainSamples < 1) throw new IllegalArgumentException("trainSamples must be >= 1, was " + trainSamples);
        if (testSamples < 0) throw new IllegalArgumentException("testSamples must be >= 0, was " + testSamples);
        Checks.present(stats, "stats");
    }

    @Override
    public MessageType type() {
        return MessageType.JOIN;
    }
}
