package dev.pmad.secagg;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The authenticated encryption AE of Bonawitz et al. 2017 (Section 3, "Authenticated
 * encryption"; Fig. 4, Round 1, e_{u,v} = AE.enc(KA.agree(c_u^SK, c_v^PK), u || v || shares)):
 * AES-256-GCM with a random 96-bit nonce (NIST SP 800-38D Section 8.2.2) under a key derived
 * with HKDF from the X25519 secret and the (run, round, unordered pair) context. The associated
 * data run id | round | from | to binds the ciphertext to its sender, addressee and round, so a
 * share replayed from another round, run or pair fails authentication.
 */
final class ShareBox {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int PLAIN_BYTES = 2 * Shamir.SHARE_BYTES;
    static final int BOX_BYTES = NONCE_BYTES + PLAIN_BYTES + TAG_BYTES;

    private ShareBox() {}

    /** The AES key both ends of the pair derive from their X25519 cipher-key secret. */
    static byte[] pairKey(byte[] agreed, String runId, int round, String a, String b) {
        String lo = a.compareTo(b) < 0 ? a : b;
        String hi = a.compareTo(b) < 0 ? b : a;
        return Hkdf.derive(Context.SALT, agreed, Context.of("share-key", runId, round, lo, hi), 32);
    }

    static byte[] seal(byte[] key, String runId, int round, String from, String to,
            byte[] plain, SecureRandom rng) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            rng.nextBytes(nonce);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, nonce));
            gcm.updateAAD(Context.of("share", runId, round, from, to));
            byte[] ct = gcm.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is missing from this JVM", e);
        }
    }

    /** The plaintext, or null if the box is malformed or fails authentication. */
    static byte[] open(byte[] key, String runId, int round, String from, String to, byte[] box) {
        if (box.length != BOX_BYTES) {
            return null;
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, box, 0, NONCE_BYTES));
            gcm.updateAAD(Context.of("share", runId, round, from, to));
            return gcm.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is missing from this JVM", e);
        }
    }
}
