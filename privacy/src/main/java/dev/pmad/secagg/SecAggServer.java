package dev.pmad.secagg;

import java.util.List;
import java.util.Set;

/**
 * The server's side of one secure-aggregation round: relays adverts and encrypted shares,
 * collects masked inputs, asks for unmasking and computes the sum. Not thread-safe; one per
 * round.
 */
public final class SecAggServer {
    public SecAggServer(SecAggParams params) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Round AdvertiseKeys: one agent's advert. */
    public void accept(KeyAdvert advert) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Ends AdvertiseKeys: the adverts to relay to every agent (U1). */
    public List<KeyAdvert> roster() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Round ShareKeys: all encrypted shares from one agent. */
    public void accept(List<EncryptedShare> fromOneAgent, String sender) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Ends ShareKeys on first call: the shares addressed to {@code agent}. */
    public List<EncryptedShare> sharesFor(String agent) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Round MaskedInputCollection: one agent's masked input. */
    public void acceptMasked(String agent, long[] masked) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Ends MaskedInputCollection: survivors (masked input arrived) and dropped (did not). */
    public UnmaskRequest unmaskRequest() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Round Unmasking: one agent's reply. */
    public void accept(UnmaskReply reply) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Whether enough replies arrived to unmask every survivor and every dropped agent. */
    public boolean canFinish() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The sum of the survivors' inputs mod 2^bits. */
    public long[] sum() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The agents whose input is in {@link #sum()}. */
    public Set<String> contributors() {
        throw new UnsupportedOperationException("skeleton");
    }
}
