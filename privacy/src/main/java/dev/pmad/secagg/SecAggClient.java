package dev.pmad.secagg;

import java.security.SecureRandom;
import java.util.List;

/**
 * One agent's side of one secure-aggregation round. Call in order: {@link #advertise()},
 * {@link #shareKeys}, {@link #maskedInput}, {@link #unmask}. Not thread-safe; one per round.
 */
public final class SecAggClient {
    public SecAggClient(String self, SecAggParams params, SecureRandom rng) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Round AdvertiseKeys: this agent's two fresh public keys. */
    public KeyAdvert advertise() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Round ShareKeys: Shamir shares of this agent's self-mask seed and mask key, encrypted for
     * each of its share holders in {@code roster}.
     *
     * @param roster the adverts the server relayed: at least the threshold, including this
     *     agent's own unchanged
     */
    public List<EncryptedShare> shareKeys(List<KeyAdvert> roster) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Round MaskedInputCollection: {@code input} plus the self mask plus the pairwise masks with
     * every neighbour that shared keys, mod 2^bits.
     *
     * @param toMe the shares the server relayed to this agent (one per neighbour that shared)
     */
    public long[] maskedInput(List<EncryptedShare> toMe, long[] input) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Round Unmasking: this agent's shares of the survivors' seeds and the dropped's keys. */
    public UnmaskReply unmask(UnmaskRequest request) {
        throw new UnsupportedOperationException("skeleton");
    }
}
