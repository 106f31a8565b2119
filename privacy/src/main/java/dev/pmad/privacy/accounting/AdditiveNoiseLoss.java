package dev.pmad.privacy.accounting;

/**
 * The privacy loss of one release f(D) + noise, with sensitivity 1 and Poisson subsampling at
 * rate q: a port of dp_accounting's {@code AdditiveNoisePrivacyLoss}
 * (pld/privacy_loss_mechanism.py). With mu the noise density:
 * <ul>
 *   <li>REMOVE: mu_upper(x) = (1-q) mu(x) + q mu(x+1), mu_lower(x) = mu(x);
 *   <li>ADD: mu_upper(x) = mu(x), mu_lower(x) = (1-q) mu(x) + q mu(x-1);
 *   <li>REPLACE: mu_upper(x) = (1-q) mu(x) + q mu(x+1), mu_lower(x) = (1-q) mu(x) + q mu(x-1):
 *       one contribution at -1 replaced by one at +1, so the replacement moves the sum by 2 and
 *       at q = 1 this is the unsampled mechanism with sensitivity 2 (Gaussian noise only, as in
 *       dp_accounting). Symmetric: x -&gt; -x swaps the two, so one PMF serves both directions.
 * </ul>
 * The privacy loss L(x) = log(mu_upper(x) / mu_lower(x)) falls as x grows, so the hockey-stick
 * divergence at epsilon is exact in closed form (dp_accounting's {@code get_delta_for_epsilon}):
 * <pre>  delta(eps) = P_upper(X &lt;= x) - e^eps P_lower(X &lt;= x),  x = L^-1(eps)</pre>
 * which is what the connect-the-dots discretization of {@link PrivacyLossPmf} samples.
 * For q = 1 both adjacencies give the same distribution of the loss.
 */
abstract class AdditiveNoiseLoss {
    /** Which neighbour is the larger dataset; dp_accounting's {@code AdjacencyType}. */
    enum Adjacency { ADD, REMOVE, REPLACE }

    /** dp_accounting's {@code math.isclose} default relative tolerance. */
    private static final double IS_CLOSE = 1e-9;

    final double q;
    final Adjacency adjacency;

    AdditiveNoiseLoss(double q, Adjacency adjacency) {
        this.q = q;
        this.adjacency = adjacency;
    }

    /** P(noise &lt;= x). */
    abstract double noiseCdf(double x);

    /** log P(noise &lt;= x). */
    abstract double noiseLogCdf(double x);

    /** Without sampling, REMOVE: log(mu(x+1) / mu(x)), non-increasing in x. */
    abstract double lossWithoutSamplingRemove(double x);

    /** The largest x with {@link #lossWithoutSamplingRemove}(x) &gt;= loss (+-infinity allowed). */
    abstract double inverseLossWithoutSamplingRemove(double loss);

    /**
     * REPLACE: the largest x with L(x) &gt;= loss; no transformation of the ADD or REMOVE inverse
     * gives it, so each noise that supports REPLACE derives its own (dp_accounting likewise).
     */
    double inverseLossReplace(double loss) {
        throw new UnsupportedOperationException("replace-one adjacency is not supported for " + getClass().getSimpleName());
    }

    /** {epsilon_lower, epsilon_upper}: the losses the connect-the-dots grid must span. */
    abstract double[] epsilonBounds();

    double upperCdf(double x) {
        if (adjacency == Adjacency.ADD) return noiseCdf(x); // REMOVE and REPLACE share mu_upper
        if (q == 1) return noiseCdf(x + 1);
        return (1 - q) * noiseCdf(x) + q * noiseCdf(x + 1);
    }

    double lowerLogCdf(double x) {
        if (adjacency == Adjacency.REMOVE) return noiseLogCdf(x); // ADD and REPLACE share mu_lower
        if (q == 1) return noiseLogCdf(x - 1);
        return LogSpace.logAdd(Math.log1p(-q) + noiseLogCdf(x), Math.log(q) + noiseLogCdf(x - 1));
    }

    /**
     * L(x): REMOVE log(1 - q + q e^(l(x))), ADD minus that at -x, l the loss without sampling;
     * REPLACE the sum of the two, since dividing mu_upper and mu_lower by mu(x) gives
     * log(mu_upper / mu) - log(mu_lower / mu).
     */
    double loss(double x) {
        return switch (adjacency) {
            case ADD -> -lossRemove(-x);
            case REMOVE -> lossRemove(x);
            case REPLACE -> lossRemove(x) - lossRemove(-x);
        };
    }

    private double lossRemove(double x) {
        double l = lossWithoutSamplingRemove(x);
        return q == 1 ? l : logATimesExpBPlusC(q, l, 1 - q);
    }

    /** The largest x with L(x) &gt;= loss. */
    double inverseLoss(double loss) {
        if (adjacency == Adjacency.REPLACE) return inverseLossReplace(loss);
        if (adjacency == Adjacency.REMOVE) {
            if (q == 1) return inverseLossWithoutSamplingRemove(loss);
            double floor = Math.log(1 - q);
            if (isClose(loss, floor)) return inverseLossWithoutSamplingRemove(Double.NEGATIVE_INFINITY);
            if (loss <= floor) throw new IllegalArgumentException("privacy loss " + loss + " <= log(1 - q) = " + floor);
            // l = log(1 + (e^loss - 1) / q)
            return inverseLossWithoutSamplingRemove(logATimesExpBPlusC(1 / q, loss, 1 - 1 / q));
        }
        if (q == 1) return 1 + inverseLossWithoutSamplingRemove(loss);
        double ceiling = -Math.log(1 - q);
        if (isClose(loss, ceiling)) return 1 + inverseLossWithoutSamplingRemove(Double.POSITIVE_INFINITY);
        if (loss > ceiling) throw new IllegalArgumentException("privacy loss " + loss + " > -log(1 - q) = " + ceiling);
        // l = -log(1 + (e^-loss - 1) / q); the ADD inverse is the REMOVE one shifted by the sensitivity.
        return 1 + inverseLossWithoutSamplingRemove(-logATimesExpBPlusC(1 / q, -loss, 1 - 1 / q));
    }

    /** The epsilon-hockey-stick divergence of mu_upper from mu_lower, in [0, 1]. */
    double deltaForEpsilon(double epsilon) {
        if (q != 1 && adjacency != Adjacency.REPLACE) { // REPLACE's loss spans the whole real line
            if (adjacency == Adjacency.ADD && !(epsilon < -Math.log1p(-q))) {
                return 0; // e^eps mu_lower >= mu_upper everywhere
            }
            if (adjacency == Adjacency.REMOVE && !(epsilon > Math.log1p(-q))) {
                return clip(-Math.expm1(epsilon)); // e^eps mu_lower <= mu_upper everywhere
            }
        }
        double x = inverseLoss(epsilon);
        return clip(upperCdf(x) - Math.exp(epsilon + lowerLogCdf(x)));
    }

    private static double clip(double delta) {
        return Math.min(1, Math.max(0, delta));
    }

    private static boolean isClose(double a, double b) {
        return a == b || Math.abs(a - b) <= IS_CLOSE * Math.max(Math.abs(a), Math.abs(b));
    }

    /** log(a e^b + c), as dp_accounting's {@code common.log_a_times_exp_b_plus_c}, without overflow. */
    static double logATimesExpBPlusC(double a, double b, double c) {
        if (a == 0) return Math.log(c);
        if (a < 0) {
            if (c <= 0) throw new IllegalArgumentException("a e^b + c must be positive: " + a + ", " + b + ", " + c);
            return logSub(Math.log(c), Math.log(-a) + b);
        }
        if (b == 0) return Math.log(a + c);
        double d = b + Math.log(a);
        if (c == 0) return d;
        return c < 0 ? logSub(d, Math.log(-c)) : LogSpace.logAdd(d, Math.log(c));
    }

    private static double logSub(double a, double b) {
        if (b >= a) throw new IllegalArgumentException("log(e^a - e^b) needs a > b, was a=" + a + ", b=" + b);
        return a + Math.log1p(-Math.exp(b - a));
    }

    /** Gaussian noise N(0, sigma^2): l(x) = (-1/2 - x) / sigma^2. */
    static final class Gaussian extends AdditiveNoiseLoss {
        /** dp_accounting's {@code log_mass_truncation_bound} default: tails beyond e^-50 are pessimistically cut. */
        static final double LOG_MASS_TRUNCATION_BOUND = -50;
        final double sigma;

        Gaussian(double sigma, double q, Adjacency adjacency) {
            super(q, adjacency);
            this.sigma = sigma;
        }

        @Override
        double noiseCdf(double x) {
            return Normal.cdf(x / sigma);
        }

        @Override
        double noiseLogCdf(double x) {
            return Normal.logCdf(x / sigma);
        }

        @Override
        double lossWithoutSamplingRemove(double x) {
            return (-0.5 - x) / (sigma * sigma);
        }

        @Override
        double inverseLossWithoutSamplingRemove(double loss) {
            return -0.5 - loss * sigma * sigma;
        }

        /**
         * REPLACE (dp_accounting's {@code GaussianPrivacyLoss._inverse_privacy_loss_replace}):
         * with t = x / sigma^2, mu_upper / mu = (1-q) + a e^-t and mu_lower / mu = (1-q) + a e^t,
         * a = q e^(-1/(2 sigma^2)). Solving e^L ((1-q) + a e^t) = (1-q) + a e^-t after
         * multiplying by e^(-L/2) gives 2a sinh(t + L/2) = -2(1-q) sinh(L/2), so
         * <pre>  x = sigma^2 (asinh(-alpha sinh(L/2)) - L/2),  alpha = e^(1/(2 sigma^2)) (1-q) / q,</pre>
         * evaluated in log space (alpha sinh(|L|/2) overflows for large losses). At q = 1,
         * x = -L sigma^2 / 2. L(x) is strictly decreasing, so this x is the only one.
         */
        @Override
        double inverseLossReplace(double loss) {
            if (loss == 0) return 0;
            if (q == 1) return -loss * sigma * sigma / 2;
            if (Double.isInfinite(loss)) return loss > 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            double logAlpha = 0.5 / (sigma * sigma) + Math.log1p(-q) - Math.log(q);
            double half = Math.abs(loss) / 2;
            double logSinh = half + Math.log(-Math.expm1(-2 * half)) - Math.log(2);
            double asinh = -Math.signum(loss) * asinhOfExp(logAlpha + logSinh);
            return sigma * sigma * (asinh - loss / 2);
        }

        /** asinh(e^y) without overflow: y + log(1 + sqrt(1 + e^-2y)) above 0, log1p form below (both exact identities). */
        static double asinhOfExp(double y) {
            if (y > 0) return y + Math.log(1 + Math.sqrt(1 + Math.exp(-2 * y)));
            double w = Math.exp(y);
            return Math.log1p(w + w * w / (1 + Math.sqrt(1 + w * w)));
        }

        /**
         * dp_accounting's {@code privacy_loss_tail} and {@code connect_dots_bounds}: x is cut where
         * each of mu(x) and mu(x+1) has tail mass e^-50 / 2; the grid spans the losses at the cuts
         * (the mass beyond the lower cut goes to +infinity loss, so it is counted pessimistically).
         */
        @Override
        double[] epsilonBounds() {
            double lowerX = sigma * Normal.quantileOfLog(Math.log(0.5) + LOG_MASS_TRUNCATION_BOUND);
            double upperX = -lowerX;
            if (adjacency == Adjacency.ADD) upperX += 1;
            else lowerX -= 1; // REMOVE and REPLACE: mu_upper has the component at -1
            return new double[] {loss(upperX), loss(lowerX)};
        }
    }

    /** Laplace noise of scale b, without sampling: l(x) = (|x| - |x + 1|) / b, in [-1/b, 1/b]. */
    static final class Laplace extends AdditiveNoiseLoss {
        final double b;

        Laplace(double b) {
            super(1, Adjacency.REMOVE);
            this.b = b;
        }

        @Override
        double noiseCdf(double x) {
            return x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b);
        }

        @Override
        double noiseLogCdf(double x) {
            return x < 0 ? Math.log(0.5) + x / b : Math.log1p(-0.5 * Math.exp(-x / b));
        }

        @Override
        double lossWithoutSamplingRemove(double x) {
            return (Math.abs(x) - Math.abs(x + 1)) / b;
        }

        @Override
        double inverseLossWithoutSamplingRemove(double loss) {
            double threshold = loss * b;
            if (threshold > 1) return Double.NEGATIVE_INFINITY;
            if (threshold <= -1) return Double.POSITIVE_INFINITY;
            return 0.5 * (-1 - threshold);
        }

        @Override
        double[] epsilonBounds() {
            return new double[] {-1 / b, 1 / b};
        }
    }
}
