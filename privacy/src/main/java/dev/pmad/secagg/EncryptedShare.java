package dev.pmad.secagg;

import java.util.Objects;

/**
 * Round ShareKeys (Bonawitz et al. 2017, Fig. 4, Round 1): e_{u,v}, agent {@code from}'s Shamir
 * shares of its self-mask seed b_u and mask key s_u^SK for agent {@code to}, AES-GCM encrypted
 * under the key both derive from their cipher keys; the server relays it and cannot read it.
 * {@code nonceAndCiphertext} is the 12-byte nonce followed by ciphertext and 16-byte tag.
 */
public record EncryptedShare(String runId, int round, String from, String to,
        byte[] nonceAndCiphertext) {
    public EncryptedShare {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        nonceAndCiphertext = Objects.requireNonNull(nonceAndCiphertext, "nonceAndCiphertext")
                .clone();
    }

    @Override
    public byte[] nonceAndCiphertext() {
        return nonceAndCiphertext.clone();
    }
}
