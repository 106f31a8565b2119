package dev.pmad.agent.privacy;

import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.mechanism.GaussianMechanism;
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
 * evaluation counts. Each is a Gaussian mechanism with noise multiplier z = {@code
 * AGENT_DP_RELEASE_NOISE}, charged to the lifetime ledger before it leaves. Neighbour relation:
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
 *       to (count, sum of u, sum of u^2), an L2 norm of at most sqrt(3k) for k features; each sum
 *       gets N(0, (z sqrt(3k))^2). One Gaussian release. Post-processing (free): per feature, mean
 *       and variance of u are clamped to [0, 1] and [noise / count, 1/4]; where the noise exceeds a
 *       quarter of the count the feature falls back to a uniform spread over its range (mean 1/2,
 *       variance 1/12). They go out in the JOIN's raw units as count, sum and sum of squares.</li>
 *   <li><b>Evaluation counts</b>: one record moves one confusion cell by 1 and the capped loss sum
 *       by at most {@link EvaluationCounts#LOSS_CAP}; with the loss sum divided by the cap the L2
 *       sensitivity is sqrt(2), and each value gets N(0, 2 z^2). One Gaussian release per
 *       evaluation, which the agent answers once per round it trained in.</li>
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
    private final GaussianMechanism gaussian;

    AggregateRelease(AgentPolicy policy, PrivacyLedger ledger, RandomGenerator random) {
        this.policy = policy;
        this.ledger = ledger;
        this.gaussian = new GaussianMechanism(random);
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
        double sigma = policy.releaseNoise() * Math.sqrt(2);
        long[] cells = new long[exact.confusion().length];
        long n = 0;
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Math.max(0, Math.round(exact.confusion()[i] + gaussian.sample(sigma)));
            n += cells[i];
        }
        double cap = EvaluationCounts.LOSS_CAP;
        double loss = Math.max(0, exact.cappedLossSum() / cap + gaussian.sample(sigma)) * cap;
        return new EvaluationCounts(cells, loss, n, loss);
    }

    private double[] noisedJoin(Schema schema, int trainSamples, int testSamples, FeatureStats exact) {
        double z = policy.releaseNoise();
        int k = exact.features();
        double[] out = new double[2 + 3 * k];
        out[0] = Math.max(1, Math.round(trainSamples + gaussian.sample(z)));
        out[1] = Math.max(0, Math.round(testSamples + gaussian.sample(z)));
        int noised = noisedFeatures(schema);
        double sigma = z * Math.sqrt(3.0 * Math.max(1, noised));
        int j = 0;
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
                double c = exact.count().get(j);
                double sum = exact.sum().get(j);
                double sq = exact.sumOfSquares().get(j);
                double s1 = (sum - lo * c) / r;
                double s2 = (sq - 2 * lo * sum + lo * lo * c) / (r * r);
                double noisyCount = c + gaussian.sample(sigma);
                double noisyS1 = s1 + gaussian.sample(sigma);
                double noisyS2 = s2 + gaussian.sample(sigma);
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

    /** {@code releases} Gaussian releases at the owner's release noise (each scaled to its sensitivity). */
    private List<Mechanism> gaussian(int releases) {
        return List.of(Mechanism.gaussian(1, policy.releaseNoise(), releases));
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
