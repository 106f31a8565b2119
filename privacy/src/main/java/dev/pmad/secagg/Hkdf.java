package dev.pmad.secagg;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (H. Krawczyk, P. Eronen, RFC 5869, "HMAC-based Extract-and-Expand Key
 * Derivation Function", 2010), written from the RFC on the JDK's {@code HmacSHA256} because the
 * JDK 17 has no public HKDF. Turns a Diffie-Hellman output or a random seed into keys bound to
 * a context ({@code info}): run id, round, purpose and agents.
 */
final class Hkdf {
    static final int HASH_LEN = 32;

    private Hkdf() {}

    /** RFC 5869 Section 2.2: PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zeros. */
    static byte[] extract(byte[] salt, byte[] ikm) {
        byte[] s = salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt;
        return hmac(s, ikm);
    }

    /**
     * RFC 5869 Section 2.3: T(0) = empty, T(i) = HMAC-Hash(PRK, T(i-1) | info | i), output the
     * first L octets of T(1) | T(2) | ...; L &lt;= 255 HashLen.
     */
    static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length must be in 0.."
                    + 255 * HASH_LEN + ", was " + length);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            for (int i = 1, done = 0; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(HASH_LEN, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Extract then expand (RFC 5869 Section 2). */
    static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
