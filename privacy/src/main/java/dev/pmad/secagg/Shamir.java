package dev.pmad.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Shamir's t-out-of-n secret sharing (A. Shamir, "How to share a secret", CACM 1979), as used in
 * Bonawitz et al. 2017 Section 3 ("Secret sharing"): the secret is f(0) of a random polynomial f
 * of degree t - 1 over GF(p); holder i gets (x_i, f(x_i)); any t shares give f(0) by Lagrange
 * interpolation, t - 1 shares are independent of the secret.
 *
 * <p>p = 2^521 - 1, the Mersenne prime of the NIST P-521 field: every 32-byte secret (a seed or
 * an X25519 scalar) is one field element, with no reduction and no splitting into chunks. A
 * share is its y value as {@link #SHARE_BYTES} big-endian bytes; x is the holder's public index.
 */
final class Shamir {
    static final BigInteger P = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
    static final int SHARE_BYTES = 66;
    static final int SECRET_BYTES = 32;

    private Shamir() {}

    /** f(x_i) for each x in {@code xs}, f(0) = secret, other coefficients uniform in GF(p). */
    static byte[][] split(byte[] secret, int threshold, int[] xs, SecureRandom rng) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("secrets are " + SECRET_BYTES + " bytes, was "
                    + secret.length);
        }
        if (threshold < 1 || threshold > xs.length) {
            throw new IllegalArgumentException("threshold must be in 1.." + xs.length + ", was "
                    + threshold);
        }
        BigInteger[] coeff = new BigInteger[threshold];
        coeff[0] = new BigInteger(1, secret);
        for (int i = 1; i < threshold; i++) {
            BigInteger c;
            do {
                c = new BigInteger(521, rng);
            } while (c.compareTo(P) >= 0);
            coeff[i] = c;
        }
        byte[][] shares = new byte[xs.length][];
        for (int j = 0; j < xs.length; j++) {
            if (xs[j] <= 0) {
                throw new IllegalArgumentException("share x must be > 0, was " + xs[j]);
            }
            BigInteger x = BigInteger.valueOf(xs[j]);
            BigInteger y = BigInteger.ZERO;
            for (int i = threshold - 1; i >= 0; i--) { // Horner
                y = y.multiply(x).add(coeff[i]).mod(P);
            }
            shares[j] = toBytes(y, SHARE_BYTES);
        }
        return shares;
    }

    /**
     * f(0) from shares (x_i, y_i): sum of y_i prod_{j != i} x_j / (x_j - x_i) mod p. With fewer
     * than t shares the result is a field element unrelated to the secret.
     *
     * @throws IllegalArgumentException if the result is not a 32-byte value (shares inconsistent
     *     or too few)
     */
    static byte[] combine(int[] xs, byte[][] ys) {
        BigInteger secret = combineToField(xs, ys);
        if (secret.bitLength() > 8 * SECRET_BYTES) {
            throw new IllegalArgumentException("the shares do not combine to a "
                    + SECRET_BYTES + "-byte secret: too few or inconsistent shares");
        }
        return toBytes(secret, SECRET_BYTES);
    }

    /** The field element f(0) without the size check, for showing what t - 1 shares give. */
    static BigInteger combineToField(int[] xs, byte[][] ys) {
        BigInteger secret = BigInteger.ZERO;
        for (int i = 0; i < xs.length; i++) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (int j = 0; j < xs.length; j++) {
                if (j != i) {
                    num = num.multiply(BigInteger.valueOf(xs[j])).mod(P);
                    den = den.multiply(BigInteger.valueOf(xs[j] - xs[i])).mod(P);
                }
            }
            secret = secret.add(new BigInteger(1, ys[i]).multiply(num)
                    .multiply(den.modInverse(P))).mod(P);
        }
        return secret;
    }

    static byte[] toBytes(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        if (raw.length == len) {
            return raw;
        }
        byte[] out = new byte[len];
        if (raw.length > len) { // leading sign byte
            if (raw.length != len + 1 || raw[0] != 0) {
                throw new IllegalArgumentException("value does not fit in " + len + " bytes");
            }
            System.arraycopy(raw, 1, out, 0, len);
        } else {
            System.arraycopy(raw, 0, out, len - raw.length, raw.length);
        }
        return out;
    }
}
