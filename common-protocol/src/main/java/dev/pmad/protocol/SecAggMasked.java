package dev.pmad.protocol;

/**
 * Agent to coordinator, step 5: its quantized, weighted, clipped delta and weight (see
 * {@link SecureAggregation}) plus its self mask and pairwise masks, mod 2^bits. Alone it is
 * uniformly random to whoever lacks the masks.
 */
public record SecAggMasked(String runId, int round, String sender, RingVector masked) implements Message {
    public SecAggMasked {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.present(masked, "masked");
    }

    @Override
    public MessageType type() {
        return MessageType.SECAGG_MASKED;
    }
}
