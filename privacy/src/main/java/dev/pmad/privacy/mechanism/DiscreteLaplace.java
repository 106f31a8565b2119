package dev.pmad.privacy.mechanism;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The discrete Laplace distribution on the integers with scale b = t / s: P[Y = y] proportional to
 * exp(-|y| / b), sampled exactly (CKS 2020 Algorithm 2, {@link ExactBernoulli#discreteLaplace}).
 * Added to an integer vector whose L1 sensitivity is Delta_1 (an integer or not), one release is
 * (Delta_1 / b)-DP: the density ratio at any output is at most exp(||x - x'||_1 / b), as for the
 * continuous Laplace mechanism (Dwork et al. 2006), with no floating-point caveat.
 *
 * <p>Thread-safe when the generator is.
 */
public final class DiscreteLaplace {
    private final BigInteger s;
    private final BigInteger t;
    private final ExactBernoulli exact;

    /** Scale t / s, both positive integers. */
    public DiscreteLaplace(BigInteger t, BigInteger s, RandomGenerator random) {
        this.t = Objects.requireNonNull(t, "t");
        this.s = Objects.requireNonNull(s, "s");
        if (t.signum() <= 0 || s.signum() <= 0) {
            throw new IllegalArgumentException("discrete Laplace scale t/s needs t, s > 0, was " + t + "/" + s);
        }
        this.exact = new ExactBernoulli(random);
    }

    /**
     * Scale exactly {@code scale} (a finite positive double is a rational with a power-of-two
     * denominator, so nothing is rounded).
     */
    public static DiscreteLaplace ofScale(double scale, RandomGenerator random) {
        Checks.requirePositiveFinite(scale, "discrete Laplace scale",
                "it is L1 sensitivity / epsilon in integer units; to release without DP set DP_MODE=none");
        BigInteger[] r = Rationals.of(new BigDecimal(scale));
        return new DiscreteLaplace(r[0], r[1], random);
    }

    /** One draw. */
    public long sample() {
        return exact.discreteLaplace(s, t).longValueExact();
    }

    /** The scale b = t / s as a double (for accounting and messages, not for sampling). */
    public double scale() {
        return new BigDecimal(t).divide(new BigDecimal(s), java.math.MathContext.DECIMAL64).doubleValue();
    }
}
