package dev.pmad.agent.privacy;

import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.mechanism.DiscreteGaussian;
import dev.pmad.privacy.mechanism.LatticeRelease;
import java.math.BigDecimal;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.Weights;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The agent's releases besides its model updates, when its owner allows no run without DP
 * ({@link AgentPolicy#noisedAggregates()}): row counts and feature statistics in its JOIN, and
 * evaluation counts. Each is an exact discrete Gaussian mechanism (Canonne, Kamath and Steinke
 * 2020; {@link DiscreteGaussian}) with noise multiplier z = {@code AGENT_DP_RELEASE_NOISE},
 * charged to the lifetime ledger before it leaves ({@link Mechanism#discreteGaussian}: RDP, the
 * Gaussian's curve). Integers (counts, confusion cells) get integer noise N_Z(0, sigma^2) with the
 * continuous release's sigma; real sums (statistics, the loss sum) are rounded to a lattice of
 * power-of-two step and their noise pays for the rounding (below). Neighbour relation:
 * add or remove one record (as in record mode), whose row is in either the training or the test
 * split.
 *
 * <ul>
 *   <li><b>Counts</b> (n_train, n_test): one record moves the vector by 1 in L2; each gets
 *       N(0, z^2). One Gaussian release.</li>
 *   <li><b>Feature statistics.</b> A feature whose schema declares a public mean and standard
 *       deviation releases nothing: its "statistics" are those public values. For the others,
 *       values are clamped to the schema's public range [lo, hi] when
 *       read; with u = (x - lo) / (hi - lo) in [0, 1], a record adds (1, u, u^2) per numeric feature
 *       to (count, sum of u, sum of u^2), an L2 norm of at most sqrt(3k) for k features; the 3k sums
 *       are rounded to a lattice and get discrete Gaussian noise of stddev z sqrt(3k) (1 + at most
 *       2^-10) ({@link LatticeRelease#gaussianSum}). One release. Post-processing (free): per feature, mean
 *       and variance of u are clamped to [0, 1] and [noise / count, 1/4]; where the noise exceeds a
 *       quarter of the count the feature falls back to a uniform spread over its range (mean 1/2,
 *       variance 1/12). They go out in the JOIN's raw units as count, sum and sum of squares.</li>
 *   <li><b>Evaluation counts</b>: one record moves one confusion cell by 1 and the capped loss sum
 *       by at most {@link EvaluationCounts#LOSS_CAP}; with the loss sum divided by the cap the L2
 *       sensitivity is sqrt(2), and each value gets noise of stddev z sqrt(2). Exactly: each cell
 *       gets N_Z(0, 2 z^2); the loss sum over the cap is rounded to the lattice 2^-m Z (2^-m &lt;=
 *       z sqrt(2) / 2^10), where one record moves it by at most 2^m + 1 steps, and gets
 *       N_Z(0, 2 z^2 (2^m + 1)^2) in steps. By CKS 2020 Theorem 14 with one sigma per coordinate,
 *       sum_j Delta_j^2 / sigma_j^2 = 1/(2 z^2) + 1/(2 z^2) = 1/z^2: the charge of one Gaussian
 *       release at multiplier z. One release per evaluation, which the agent answers once per
 *       round it trained in.</li>
 * </ul>
 *
 * <p>The JOIN is sent many times (re-sent until acknowledged, after every restart of either side):
 * its noised values are computed once per dataset and kept in the ledger, so that a repeat costs
 * nothing and reveals no fresh noise. The ledger key is a digest of the exact values, so new data
 * is a new release.
 */
public final class AggregateRelease {
    /** The ledger's name for the JOIN releases. */
    public static final String JOIN_RUN = "join";

    private final AgentPolicy policy;
    private final PrivacyLedger ledger;
    private final RandomGenerator random;

    AggregateRelease(AgentPolicy policy, PrivacyLedger ledger, RandomGenerator random) {
        this.policy = policy;
        this.ledger = ledger;
        this.random = random;
    }

    /** What a JOIN says about the agent's data. */
    public record JoinRelease(int trainSamples, int testSamples, FeatureStats stats) {}

    /**
     * Checks, at start, that the schema lets this agent release noised statistics: every numeric
     * feature needs a declared range. Returns the problem, or empty.
     */
    public static Optional<String> missingRanges(Schema schema) {
        List<String> missing = schema.features().stream().filter(FeatureSpec::isNumeric)
                .filter(f -> !f.hasRange() && !f.hasScale())
                .map(FeatureSpec::name).toList();
        if (missing.isEmpty()) return Optional.empty();
        return Optional.of("the schema declares no range for the numeric feature(s) " + String.join(", ", missing)
                + ": an agent that releases only noised statistics scales its noise to each feature's public range;"
                + " add \"min\" and \"max\" to them in the schema (pmad schema infers ranges from a CSV), or a public"
                + " \"mean\" and \"std\" (pmad schema --with-scale), or let exact"
                + " aggregates leave with AGENT_DP_EXACT_AGGREGATES=true");
    }

    /** The JOIN's counts and statistics: noised once and kept in the ledger, or exact when the policy allows. */
    public JoinRelease join(Schema schema, int trainSamples, int testSamples, FeatureStats exact) {
        if (!policy.noisedAggregates()) return new JoinRelease(trainSamples, testSamples, exact);
        int k = exact.features();
        String key = JOIN_RUN + "/" + digest(trainSamples, testSamples, exact);
        Optional<double[]> kept = ledger.released(key);
        double[] values = kept.orElseGet(() -> noisedJoin(schema, trainSamples, testSamples, exact));
        if (kept.isEmpty()) {
            var releases = gaussian(noisedFeatures(schema) > 0 ? 2 : 1); // counts, and statistics if any
            checkLifetime(releases, "the JOIN's noised counts and statistics");
            ledger.charge(JOIN_RUN, "JOIN counts and feature statistics", releases, key, values);
        }
        return new JoinRelease((int) values[0], (int) values[1], new FeatureStats(Weights.of(slice(values, 2, k)),
                Weights.of(slice(values, 2 + k, k)), Weights.of(slice(values, 2 + 2 * k, k))));
    }

    /** Evaluation counts as they may leave: noised and charged, or exact when the policy allows. */
    public EvaluationCounts evaluation(String runId, int round, EvaluationCounts exact) {
        if (!policy.noisedAggregates()) return exact;
        var releases = gaussian(1);
        checkLifetime(releases, "round " + round + "'s noised evaluation counts");
        ledger.charge(runId + " evaluation", "round " + round + " evaluation counts", releases);
        double z = policy.releaseNoise();
        // sigma^2 = 2 z^2 exactly, from the double z (see the class note).
        BigDecimal twoZSquared = new BigDecimal(z).pow(2).multiply(BigDecimal.valueOf(2));
        DiscreteGaussian cellNoise = DiscreteGaussian.ofVariance(twoZSquared, random);
        long[] cells = new long[exact.confusion().length];
        long n = 0;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Math.max(0, Math.addExact(exact.confusion()[i], cellNoise.sample()));
            n += cells[i];
        }
        double cap = EvaluationCounts.LOSS_CAP;
        // Lattice 2^-m with 2^-m <= z sqrt(2) / 2^10; one record moves the rounded sum by <= 2^m + 1 steps.
        int m = Math.max(0, 10 - Math.getExponent(z * Math.sqrt(2)));
        BigDecimal steps = BigDecimal.valueOf(2).pow(m).add(BigDecimal.ONE);
        DiscreteGaussian lossNoise = DiscreteGaussian.ofVariance(twoZSquared.multiply(steps.pow(2)), random);
        long[] lossOnLattice = {Math.round(Math.scalb(exact.cappedLossSum() / cap, m))};
        LatticeRelease.addDiscreteGaussian(lossOnLattice, lossNoise);
        double loss = Math.max(0, LatticeRelease.dequantize(lossOnLattice, m)[0]) * cap;
        return new EvaluationCounts(cells, loss, n, loss);
    }

    private double[] noisedJoin(Schema schema, int trainSamples, int testSamples, FeatureStats exact) {
        double z = policy.releaseNoise();
        int k = exact.features();
        double[] out = new double[2 + 3 * k];
        // Integers with integer noise N_Z(0, z^2): sigma^2 is the square of the double z, exactly.
        DiscreteGaussian countNoise = DiscreteGaussian.ofStddev(z, random);
        out[0] = Math.max(1, Math.addExact(trainSamples, countNoise.sample()));
        out[1] = Math.max(0, Math.addExact(testSamples, countNoise.sample()));
        int noised = noisedFeatures(schema);
        double sensitivity = Math.sqrt(3.0 * Math.max(1, noised));
        double sigma = z * sensitivity;
        // The sums (count, sum of u, sum of u^2) of each noised feature, released at once on a lattice.
        double[] sums = new double[3 * noised];
        int j = 0;
        int at = 0;
        for (FeatureSpec f : schema.features()) {
            if (!f.isNumeric()) continue;
            if (!f.hasScale()) {
                double lo = f.min();
                double r = f.max() - lo;
                double c = exact.count().get(j);
                double sum = exact.sum().get(j);
                double sq = exact.sumOfSquares().get(j);
                sums[at++] = c;
                sums[at++] = (sum - lo * c) / r;
                sums[at++] = (sq - 2 * lo * sum + lo * lo * c) / (r * r);
            }
            j++;
        }
        double[] noisy = noised == 0 ? sums : LatticeRelease.gaussianSum(sums, sensitivity, z, random);
        j = 0;
        at = 0;
        for (FeatureSpec f : schema.features()) {
            if (!f.isNumeric()) continue;
            double count;
            double rawMean;
            double rawVariance;
            if (f.hasScale()) {
                // Public: nothing about the data, only the released row count, which weighs nothing here.
                count = out[0];
                rawMean = f.mean();
                rawVariance = f.std() * f.std();
            } else {
                double lo = f.min();
                double r = f.max() - lo;
                double noisyCount = noisy[at++];
                double noisyS1 = noisy[at++];
                double noisyS2 = noisy[at++];
                // Post-processing of the noised values only.
                count = Math.max(1, noisyCount);
                double mean;
                double variance;
                if (sigma / count > 0.25) {
                    mean = 0.5;
                    variance = 1.0 / 12;
                } else {
                    mean = Math.min(1, Math.max(0, noisyS1 / count));
                    variance = Math.min(0.25, Math.max(sigma / count, noisyS2 / count - mean * mean));
                }
                rawMean = lo + r * mean;
                rawVariance = r * r * variance;
            }
            out[2 + j] = count;
            out[2 + k + j] = count * rawMean;
            out[2 + 2 * k + j] = count * (rawVariance + rawMean * rawMean);
            j++;
        }
        return out;
    }

    /** Numeric features whose statistics are released noised: those without a declared public scale. */
    private static int noisedFeatures(Schema schema) {
        return (int) schema.features().stream().filter(f -> f.isNumeric() && !f.hasScale()).count();
    }

    private void checkLifetime(List<Mechanism> releases, String what) {
        if (!ledger.fitsAfter(releases, policy.delta(), policy.lifetimeEpsilon())) {
            double after = ledger.epsilonAfter(releases, policy.delta());
            throw new LedgerException(ledger.file(), String.format(java.util.Locale.ROOT,
                    "privacy budget exhausted: releasing %s would bring this dataset's lifetime epsilon to %.4f, above"
                            + " AGENT_DP_EPSILON=%s at delta %.1e (ledger %s); nothing was released",
                    what, after, policy.lifetimeEpsilon(), policy.delta(), ledger.file()));
        }
    }

    /** {@code releases} discrete Gaussian releases at the owner's release noise (each scaled to its sensitivity). */
    private List<Mechanism> gaussian(int releases) {
        return List.of(Mechanism.discreteGaussian(policy.releaseNoise(), releases));
    }

    private static double[] slice(double[] values, int from, int length) {
        double[] out = new double[length];
        System.arraycopy(values, from, out, 0, length);
        return out;
    }

    private static String digest(int train, int test, FeatureStats stats) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(8 + 24 * stats.features());
            b.putInt(train).putInt(test);
            for (int i = 0; i < stats.features(); i++) {
                b.putDouble(stats.count().get(i)).putDouble(stats.sum().get(i)).putDouble(stats.sumOfSquares().get(i));
            }
            return HexFormat.of().formatHex(sha.digest(b.array()), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
