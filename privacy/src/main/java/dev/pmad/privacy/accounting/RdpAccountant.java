package dev.pmad.privacy.accounting;

/**
 * Renyi-DP accountant: keeps the RDP spent at each order of a fixed grid, adds the curve of
 * each release to it (RDP composes by addition, Mironov 2017 Prop. 1), and converts the total
 * to (epsilon, delta) on demand with the improved conversion of dp_accounting and Opacus.
 *
 * <p>Supports the Gaussian mechanism, the Poisson-subsampled Gaussian mechanism (add/remove-one
 * adjacency, integer and fractional orders, Mironov, Talwar, Zhang 2019) and the Laplace
 * mechanism (Mironov 2017 Prop. 6). Its numbers match Google's dp_accounting {@code
 * RdpAccountant} with the same orders.
 *
 * <p>Default orders: exactly dp_accounting's {@code DEFAULT_RDP_ORDERS}: 1.1, 1.2, ..., 10.9,
 * then 11, 12, ..., 63, then 128, 256, 512, 1024 (156 orders). Opacus' {@code DEFAULT_ALPHAS}
 * is the same grid without 11 and without 128..1024; we match dp_accounting because its large
 * orders keep epsilon tight at small epsilon (large noise) and for Laplace, and so that the
 * reference values in the tests come from one library.
 *
 * <p>Mutable and not thread-safe: confine an instance to one thread (the coordinator's event
 * loop) or {@link #copy()} it. Not for sampling without replacement, whose RDP curve differs.
 * Replace-one adjacency under Poisson sampling is charged with the add/remove curve at the same
 * noise relative to the replacement's sensitivity ({@link #composeReplaceOneSubsampledGaussian}).
 */
public final class RdpAccountant implements PrivacyAccountant {
    /**
     * dp_accounting's default RDP orders. A public array cannot be made read-only: this library
     * never reads it, so writing to it changes nothing here; prefer {@link #defaultOrders()}.
     */
    public static final double[] DEFAULT_ORDERS = buildDefaultOrders();

    private static final double[] DEFAULT_ORDER_GRID = buildDefaultOrders();

    private final double[] orders;
    private final double[] rdp;

    /** An accountant over {@link #defaultOrders()} with nothing spent. */
    public RdpAccountant() {
        this(DEFAULT_ORDER_GRID);
    }

    /** An accountant over the given orders (copied; each finite and &gt; 1) with nothing spent. */
    public RdpAccountant(double[] orders) {
        this.orders = Checks.requireOrders(orders);
        this.rdp = new double[this.orders.length];
    }

    private RdpAccountant(RdpAccountant other) {
        this.orders = other.orders.clone();
        this.rdp = other.rdp.clone();
    }

    /**
     * An accountant that has already spent {@code rdp} at {@code orders} (both copied), as
     * {@link #orders()} and {@link #rdp()} returned them: how a checkpointed run gets its
     * accountant back bit for bit, rather than by composing its rounds again.
     */
    public static RdpAccountant restore(double[] orders, double[] rdp) {
        var accountant = new RdpAccountant(orders);
        Checks.requireRdp(accountant.orders, rdp);
        for (int k = 0; k < rdp.length; k++) {
            if (rdp[k] < 0) throw new IllegalArgumentException("rdp[" + k + "] is negative (" + rdp[k] + ")");
        }
        System.arraycopy(rdp, 0, accountant.rdp, 0, rdp.length);
        return accountant;
    }

    /** A fresh copy of dp_accounting's default order grid. */
    public static double[] defaultOrders() {
        return DEFAULT_ORDER_GRID.clone();
    }

    /** Charges {@code steps} releases with Gaussian noise of stddev noiseMultiplier x sensitivity, no sampling. */
    @Override
    public void composeGaussian(double noiseMultiplier, int steps) {
        composeSubsampledGaussian(1.0, noiseMultiplier, steps);
    }

    /**
     * Charges {@code steps} releases of the Poisson-subsampled Gaussian mechanism: each record
     * (or agent) takes part with probability {@code samplingRate}, the clipped sum gets Gaussian
     * noise of stddev noiseMultiplier x clip norm.
     */
    @Override
    public void composeSubsampledGaussian(double samplingRate, double noiseMultiplier, int steps) {
        Checks.requireSamplingRate(samplingRate, true);
        Checks.requireNoiseMultiplier(noiseMultiplier);
        Checks.requireSteps(steps, 0);
        if (steps > 0) { // skip, or 0 x infinity would poison the sums with NaN
            addInPlace(SampledGaussianRdp.curve(samplingRate, noiseMultiplier, orders), steps);
        }
    }

    /**
     * Charges {@code steps} Poisson-subsampled Gaussian releases under replace-one neighbours with
     * the add/remove curve of the same noise multiplier, i.e. of the pair ((1-q) N(0, z^2) + q
     * N(1, z^2), N(0, z^2)) where the replace-one pair is ((1-q) N(0, z^2) + q N(-1/2, z^2), (1-q)
     * N(0, z^2) + q N(1/2, z^2)). No closed form of the latter's curve is used here: the former
     * lies above it at every order (equal at q = 1; to second order in q the chi-square terms are
     * 4 sinh(1/(4z^2)) against e^(1/z^2) - 1), which {@code CentralSamplingBoundTest} checks by
     * quadrature over the default orders and a grid of q and z. A numerical verification, not a
     * closed-form proof; the PLD accountant computes the replace-one pair itself.
     */
    @Override
    public void composeReplaceOneSubsampledGaussian(double samplingRate, double noiseMultiplier, int steps) {
        composeSubsampledGaussian(samplingRate, noiseMultiplier, steps);
    }

    /** Charges {@code steps} Laplace releases with scale b = scaleOverSensitivity x L1 sensitivity. */
    @Override
    public void composeLaplace(double scaleOverSensitivity, int steps) {
        Checks.requireLaplaceScale(scaleOverSensitivity);
        Checks.requireSteps(steps, 0);
        if (steps > 0) {
            addInPlace(LaplaceRdp.curve(scaleOverSensitivity, orders), steps);
        }
    }

    /**
     * The discrete Gaussian: the continuous Gaussian's curve alpha / (2 z^2), which CKS 2020
     * Theorem 14 proves for it ({@link DiscreteGaussianBound}, n = 1).
     */
    @Override
    public void composeDiscreteGaussian(double noiseMultiplier, int steps) {
        composeGaussian(noiseMultiplier, steps);
    }

    /**
     * The discrete Gaussian on a Poisson subsample under replace-one: Wang, Balle and
     * Kasiviswanathan 2019 Theorem 9 over the curve alpha / (2 z^2), or its expansion with exact
     * pairwise moments, whichever is smaller, fractional orders charged at their ceiling ({@link SampledDiscreteGaussianRdp} says why it holds here). At rate 1 the
     * plain discrete Gaussian.
     */
    @Override
    public void composeSampledDiscreteGaussian(double samplingRate, double noiseMultiplier, int steps) {
        Checks.requireSamplingRate(samplingRate, true);
        Checks.requireNoiseMultiplier(noiseMultiplier);
        Checks.requireSteps(steps, 0);
        if (steps > 0) addInPlace(SampledDiscreteGaussianRdp.curve(samplingRate, noiseMultiplier, orders), steps);
    }

    /**
     * RDP of one discrete Gaussian release on a Poisson subsample under replace-one at each order
     * (a new array): the bound {@link #composeSampledDiscreteGaussian} charges.
     */
    public static double[] sampledDiscreteGaussianRdp(double q, double z, double[] orders) {
        Checks.requireSamplingRate(q, true);
        Checks.requireNoiseMultiplier(z);
        return SampledDiscreteGaussianRdp.curve(q, z, Checks.requireOrders(orders));
    }

    /** The discrete Laplace, (1/b)-DP: the randomized-response curve of pure DP ({@link PureDpRdp}). */
    @Override
    public void composeDiscreteLaplace(double scaleOverSensitivity, int steps) {
        Checks.requireLaplaceScale(scaleOverSensitivity);
        Checks.requireSteps(steps, 0);
        if (steps > 0) addInPlace(PureDpRdp.curve(1 / scaleOverSensitivity, orders), steps);
    }

    /** Epsilon spent so far at the given delta; 0 if nothing was composed. */
    @Override
    public double epsilon(double delta) {
        return epsilonAndOrder(delta).epsilon();
    }

    /** Epsilon spent so far at the given delta, with the order that attains it. */
    public EpsilonResult epsilonAndOrder(double delta) {
        Checks.requireDelta(delta);
        return RdpConversion.epsilon(orders, rdp, delta);
    }

    /** Index into {@link #orders()} of the order that gives the smallest epsilon at {@code delta}. */
    public int bestOrderIndex(double delta) {
        double order = epsilonAndOrder(delta).order();
        for (int k = 0; k < orders.length; k++) {
            if (orders[k] == order) {
                return k;
            }
        }
        throw new AssertionError("optimal order " + order + " not in the grid");
    }

    @Override
    public Accountant kind() {
        return Accountant.RDP;
    }

    /** An independent accountant with the same orders and spending, e.g. to try a release before charging it. */
    @Override
    public RdpAccountant copy() {
        return new RdpAccountant(this);
    }

    /** A copy of the order grid. */
    public double[] orders() {
        return orders.clone();
    }

    /** A copy of the RDP spent at each order. */
    public double[] rdp() {
        return rdp.clone();
    }

    /**
     * RDP of one Poisson-subsampled Gaussian release at each order (a new array; may contain
     * +infinity). {@code q = 1} gives the plain Gaussian curve alpha / (2 sigma^2).
     */
    public static double[] subsampledGaussianRdp(double q, double sigma, double[] orders) {
        Checks.requireSamplingRate(q, true);
        Checks.requireNoiseMultiplier(sigma);
        return SampledGaussianRdp.curve(q, sigma, Checks.requireOrders(orders));
    }

    /** RDP of one Laplace release with scale {@code b} relative to L1 sensitivity, at each order (a new array). */
    public static double[] laplaceRdp(double b, double[] orders) {
        Checks.requireLaplaceScale(b);
        return LaplaceRdp.curve(b, Checks.requireOrders(orders));
    }

    /** The smallest epsilon at {@code delta} over the given RDP curve, as dp_accounting's {@code compute_epsilon}. */
    public static double epsilonFromRdp(double[] orders, double[] rdp, double delta) {
        return epsilonAndOrderFromRdp(orders, rdp, delta).epsilon();
    }

    /** As {@link #epsilonFromRdp}, with the order that attains the minimum. */
    public static EpsilonResult epsilonAndOrderFromRdp(double[] orders, double[] rdp, double delta) {
        double[] checked = Checks.requireOrders(orders);
        Checks.requireRdp(checked, rdp);
        Checks.requireDelta(delta);
        return RdpConversion.epsilon(checked, rdp, delta);
    }

    private void addInPlace(double[] curve, int steps) {
        for (int k = 0; k < rdp.length; k++) {
            rdp[k] += steps * curve[k];
        }
    }

    private static double[] buildDefaultOrders() {
        // Same expressions as dp_accounting, so the doubles are bit-identical (1 + 2/10.0, ...).
        double[] grid = new double[99 + 53 + 4];
        int n = 0;
        for (int x = 1; x < 100; x++) {
            grid[n++] = 1 + x / 10.0;
        }
        for (int a = 11; a < 64; a++) {
            grid[n++] = a;
        }
        for (int a : new int[] {128, 256, 512, 1024}) {
            grid[n++] = a;
        }
        return grid;
    }
}
