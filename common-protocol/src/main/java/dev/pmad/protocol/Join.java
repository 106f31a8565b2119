package dev.pmad.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Agent to coordinator: "I am here, with this many rows, under this schema". Sent at start,
 * re-sent until acknowledged, and sent again whenever the agent suspects the coordinator restarted.
 *
 * @param incarnation       random, drawn once per start of the agent's process and kept across
 *                          reconnections: a JOIN with the incarnation the coordinator already holds
 *                          is a resend (acknowledged again, nothing else changes), one with another
 *                          incarnation is a restart (the agent lost any round in progress)
 * @param schemaFingerprint SHA-256 of the canonical schema; a mismatch is refused
 * @param trainerKind       e.g. {@code tribuo} or {@code spark}, shown on the dashboard
 * @param stats             per numeric feature count, sum and sum of squares of the training split
 */
public record Join(String runId, int round, String sender, String incarnation, String schemaFingerprint,
                   String trainerKind, int trainSamples, int testSamples, FeatureStats stats)
        implements Message {
    private static final SecureRandom INCARNATIONS = new SecureRandom();

    public Join {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.id(incarnation, "incarnation");
        if (incarnation.isBlank()) {
            throw new IllegalArgumentException("incarnation is empty; an agent draws one when it starts (Join.newIncarnation())");
        }
        Checks.id(schemaFingerprint, "schemaFingerprint");
        Checks.id(trainerKind, "trainerKind");
        if (trainSamples < 1) throw new IllegalArgumentException("trainSamples must be >= 1, was " + trainSamples);
        if (testSamples < 0) throw new IllegalArgumentException("testSamples must be >= 0, was " + testSamples);
        Checks.present(stats, "stats");
    }

    /**
     * A fresh incarnation: 64 bits from {@link SecureRandom} as 16 hex digits. Two starts of one
     * agent collide with probability 2^-64, which would only make a restart look like a resend.
     */
    public static String newIncarnation() {
        byte[] bits = new byte[8];
        INCARNATIONS.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    @Override
    public MessageType type() {
        return MessageType.JOIN;
    }
}
