package dev.pmad.privacy.mechanism;

import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The exact building blocks of the discrete samplers of Canonne, Kamath and Steinke 2020, "The
 * Discrete Gaussian for Differential Privacy" (NeurIPS 2020, arXiv:2004.00010), Section 5: every
 * probability is a rational number p/q of {@link BigInteger}s and every random choice is one
 * uniform integer in [0, q), so no floating-point number is ever rounded on the way to a sample
 * and the output distribution is exactly the one the privacy proof is written for (the attack of
 * Mironov 2012 on floating-point noise has nothing to work on).
 *
 * <p>The only source of randomness is {@link RandomGenerator#nextLong()} (uniform 64-bit words;
 * {@link java.security.SecureRandom} outside tests), cut into bits and turned into uniform
 * integers by rejection.
 * Same structure as the authors' reference code (discretegauss.py, IBM/discrete-gaussian-differential-privacy).
 */
final class ExactBernoulli {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final RandomGenerator random;
    /**
     * Unused random bits of the last word drawn: most uniform draws need a few bits (a fair coin,
     * a value below t), and drawing a whole word for each made the sampler as slow as the
     * generator. Bits of a uniform word are independent uniform bits, so this changes no
     * distribution. Guarded by this object's lock, for callers sharing a sampler across threads.
     */
    private long pool;
    private int pooled;

    ExactBernoulli(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A uniform integer in [0, m), m &gt; 0: rejection from uniform bit strings, exact. */
    BigInteger uniform(BigInteger m) {
        if (m.signum() <= 0) throw new IllegalArgumentException("uniform range must be positive, was " + m);
        if (m.compareTo(LONG_MAX) <= 0) return BigInteger.valueOf(uniform(m.longValueExact()));
        int bits = m.subtract(BigInteger.ONE).bitLength();
        while (true) {
            BigInteger candidate = BigInteger.ZERO;
            int remaining = bits;
            while (remaining > 0) {
                int take = Math.min(63, remaining);
                long word = random.nextLong() >>> (64 - take);
                candidate = candidate.shiftLeft(take).or(BigInteger.valueOf(word));
                remaining -= take;
            }
            if (candidate.compareTo(m) < 0) return candidate; // accepted with probability > 1/2
        }
    }

    /** A uniform long in [0, m), m &gt; 0: rejection on the top bits, exact. */
    long uniform(long m) {
        if (m <= 0) throw new IllegalArgumentException("uniform range must be positive, was " + m);
        if (m == 1) return 0;
        int bits = 64 - Long.numberOfLeadingZeros(m - 1);
        while (true) {
            long candidate = bits(bits);
            if (candidate < m) return candidate;
        }
    }

    /** {@code n} (1 to 63) uniform random bits, from the pool or a fresh word. */
    private synchronized long bits(int n) {
        if (pooled < n) {
            pool = random.nextLong();
            pooled = 64;
        }
        long out = pool & ((1L << n) - 1);
        pool >>>= n;
        pooled -= n;
        return out;
    }

    /** Bernoulli(p / q) for 0 &lt;= p &lt;= q: one uniform integer in [0, q), below p or not. */
    boolean bernoulli(BigInteger p, BigInteger q) {
        return uniform(q).compareTo(p) < 0;
    }

    /**
     * Bernoulli(exp(-x)) for a rational x = p / q &gt;= 0: CKS 2020 Algorithm 1. For x in [0, 1],
     * draw A_k ~ Bernoulli(x / k) for k = 1, 2, ... until the first A_k = 0; the answer is 1 iff
     * that k is odd (P[K &gt; k] = x^k / k!, so P[K odd] = exp(-x)). For x &gt; 1, exp(-x) =
     * exp(-1)^floor(x) exp(-(x - floor(x))): floor(x) draws of Bernoulli(exp(-1)) and one of the
     * fractional part, stopping at the first 0.
     */
    boolean bernoulliExp(BigInteger p, BigInteger q) {
        if (p.signum() < 0 || q.signum() <= 0) throw new IllegalArgumentException("need x = p/q >= 0, was " + p + "/" + q);
        BigInteger[] whole = p.divideAndRemainder(q);
        // Whole part: each factor exp(-1) is Algorithm 1 at x = 1.
        for (BigInteger k = BigInteger.ZERO; k.compareTo(whole[0]) < 0; k = k.add(BigInteger.ONE)) {
            if (!bernoulliExpAtMostOne(BigInteger.ONE, BigInteger.ONE)) return false;
        }
        return bernoulliExpAtMostOne(whole[1], q);
    }

    /** Algorithm 1's core, x = p / q in [0, 1]. */
    private boolean bernoulliExpAtMostOne(BigInteger p, BigInteger q) {
        long k = 1;
        // A_k ~ Bernoulli(x / k) = Bernoulli(p / (q k)); continue while A_k = 1.
        while (bernoulli(p, q.multiply(BigInteger.valueOf(k)))) k++;
        return (k & 1) == 1;
    }

    /**
     * Discrete Laplace with scale t / s (s, t positive integers): CKS 2020 Algorithm 2. Returns Y
     * with P[Y = y] = (e^(s/t) - 1) / (e^(s/t) + 1) * e^(-|y| s / t) for every integer y.
     * U uniform in [0, t) kept with probability exp(-U / t), V ~ Geometric(1 - e^-1) by repeated
     * Bernoulli(exp(-1)), X = U + t V is then Geometric(1 - e^(-1/t)), Y = floor(X / s) is
     * Geometric(1 - e^(-s/t)); a fair sign, rejecting "negative zero".
     */
    BigInteger discreteLaplace(BigInteger s, BigInteger t) {
        if (s.signum() <= 0 || t.signum() <= 0) throw new IllegalArgumentException("need s, t > 0, were " + s + ", " + t);
        while (true) {
            BigInteger u = uniform(t);
            if (!bernoulliExp(u, t)) continue;
            long v = 0;
            while (bernoulliExp(BigInteger.ONE, BigInteger.ONE)) v++;
            BigInteger x = u.add(t.multiply(BigInteger.valueOf(v)));
            BigInteger y = x.divide(s);
            boolean negative = uniform(2L) == 1;
            if (negative && y.signum() == 0) continue;
            return negative ? y.negate() : y;
        }
    }
}
