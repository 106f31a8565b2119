package dev.pmad.privacy.mechanism;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Exact rationals as {numerator, denominator} pairs of {@link BigInteger}s, for the exact samplers. */
final class Rationals {
    private Rationals() {}

    /** {@code value} as an exact reduced fraction {p, q} with q &gt; 0. */
    static BigInteger[] of(BigDecimal value) {
        BigInteger p;
        BigInteger q;
        if (value.scale() <= 0) {
            p = value.toBigIntegerExact();
            q = BigInteger.ONE;
        } else {
            p = value.unscaledValue();
            q = BigInteger.TEN.pow(value.scale());
        }
        BigInteger g = p.gcd(q);
        return g.signum() == 0 ? new BigInteger[] {p, q} : new BigInteger[] {p.divide(g), q.divide(g)};
    }
}
