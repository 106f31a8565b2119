package dev.pmad.protocol;

/**
 * Agent to coordinator, secure round step 1 (after local training): the agent's two public keys
 * for this round, X25519 in X.509 encoding: one to agree the keys its shares are sealed with, one
 * to agree its pairwise masks.
 */
public record SecAggKeys(String runId, int round, String sender, Blob cipherKey, Blob maskKey) implements Message {
    public SecAggKeys {
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.present(cipherKey, "cipherKey");
        Checks.present(maskKey, "maskKey");
    }

    @Override
    public MessageType type() {
        return MessageType.SECAGG_KEYS;
    }
}
