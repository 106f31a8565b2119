package dev.pmad.secagg;

import java.util.Arrays;
import java.util.Objects;

/**
 * Round AdvertiseKeys (Bonawitz et al. 2017, Fig. 4, Round 0): an agent's two fresh X25519
 * public keys, c_u^PK for encrypting shares and s_u^PK for pairwise masks, in X.509 encoding.
 */
public record KeyAdvert(String runId, int round, String agent, byte[] cipherPublicKey,
        byte[] maskPublicKey) {
    public KeyAdvert {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(agent, "agent");
        cipherPublicKey = Objects.requireNonNull(cipherPublicKey, "cipherPublicKey").clone();
        maskPublicKey = Objects.requireNonNull(maskPublicKey, "maskPublicKey").clone();
    }

    @Override
    public byte[] cipherPublicKey() {
        return cipherPublicKey.clone();
    }

    @Override
    public byte[] maskPublicKey() {
        return maskPublicKey.clone();
    }

    /** Same content (records compare arrays by identity). */
    public boolean sameAs(KeyAdvert other) {
        return other != null && runId.equals(other.runId) && round == other.round
                && agent.equals(other.agent)
                && Arrays.equals(cipherPublicKey, other.cipherPublicKey)
                && Arrays.equals(maskPublicKey, other.maskPublicKey);
    }
}
