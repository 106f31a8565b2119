package dev.pmad.secagg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The PRG of Bonawitz et al. 2017 (Section 3, "Pseudorandom generator"): AES-256 in counter mode
 * from a zero counter, keyed by a 32-byte key that {@link Hkdf} derived for exactly one (run,
 * round, purpose, agents) context, so a key never encrypts two streams. The keystream, read as
 * little-endian 64-bit words and reduced mod 2^bits, is uniform on the ring.
 */
final class Prg {
    private static final int CHUNK_LONGS = 8192;

    private Prg() {}

    /** acc[i] += sign * PRG(key)[i] (wrapping mod 2^64; the caller reduces mod 2^bits). */
    static void addTo(long[] acc, byte[] key, int sign) {
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(new byte[16]));
            byte[] zeros = new byte[CHUNK_LONGS * 8];
            byte[] stream = new byte[CHUNK_LONGS * 8];
            ByteBuffer words = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < acc.length; start += CHUNK_LONGS) {
                int n = Math.min(CHUNK_LONGS, acc.length - start);
                aes.update(zeros, 0, n * 8, stream, 0);
                for (int i = 0; i < n; i++) {
                    long w = words.getLong(i * 8);
                    acc[start + i] += sign > 0 ? w : -w;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is missing from this JVM", e);
        }
    }

    /** The first {@code length} words of PRG(key). */
    static long[] expand(byte[] key, int length) {
        long[] out = new long[length];
        addTo(out, key, 1);
        return out;
    }
}
