package dev.pmad.spark;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Seeds;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.training.DriftCorrection;
import dev.pmad.agent.engine.NewtonSums;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's local engine on Spark: its rows stay in a Spark RDD (on the cluster, or spilled to
 * local disk), never in one array, and every pass over them is a distributed job whose result is
 * a small sum.
 *
 * <p><b>Same math as the Tribuo agents.</b> The same schema parsing, global standardisation and
 * one-hot order ({@link FeatureEncoder}, shipped to the executors), the same weight layout, and
 * local SGD from the global weights stepping by the learning rate times the mean gradient of a
 * batch: {@code epochs x ceil(n / batch)} steps per round, each a reduction (a {@code treeReduce}
 * over many partitions) of the multinomial logistic-loss gradient over a Poisson sample of rate
 * {@code batch / n}. Rows that fit one partition (data handed over in memory) take the round's
 * steps in one task instead: the same samples and sums, without Spark's per-job cost per step. In record
 * mode each example's gradient is clipped inside the aggregation and the noise is added once per
 * step on the driver, exactly as {@link dev.pmad.agent.training.DpSgdTrainer} does in one JVM.
 * FedProx's proximal term and SCAFFOLD's shift ({@link DriftCorrection}) are added to each
 * step's mean gradient on the same path.
 * Federated Newton's rounds are one job each: per-partition sums of the gradient and curvature,
 * computed row by row by the same code as the in-JVM engine's, then added.
 *
 * <p>Each step is one Spark job, so on large data choose the batch size so that steps per round
 * stay few; the federation's batch size applies to every agent.
 */
public final class SparkEngine implements LocalEngine {
    private static final Logger log = LoggerFactory.getLogger(SparkEngine.class);
    /** Encoded rows are kept serialised, spilling to disk when they outgrow the executors' memory. */
    private static final StorageLevel CACHE = StorageLevel.MEMORY_AND_DISK_SER();
    /** Below this many rows, data handed over in memory stays in one partition. */
    private static final int SMALL = 100_000;
    /** Partial sums are merged in a tree above this many partitions. */
    private static final int TREE_ABOVE = 8;

    private final SparkSessions.Lease lease;
    private final Schema schema;
    private final JavaRDD<Rows.Raw> rows;
    private final int trainSize;
    private final int testSize;
    private final FeatureStats stats;
    private Standardization standardization;
    private FeatureEncoder encoder;
    private JavaRDD<Rows.Encoded> train;
    private JavaRDD<Rows.Encoded> test;
    /** Tests set it to compare the one-job-per-round path with one job per step. */
    boolean stepPerJob;

    private SparkEngine(SparkSessions.Lease lease, Schema schema, JavaRDD<Rows.Raw> rows, String source) {
        this.lease = lease;
        this.schema = schema;
        this.rows = rows;
        int numeric = schema.numericCount();
        Sums.Profile profile = job("reading " + source,
                () -> combine(rows.mapPartitions(it -> Sums.profile(it, numeric)), Sums.Profile::merge));
        if (profile.trainRows() == 0) {
            throw new dev.pmad.agent.data.DataException(source + ": no training rows; an agent needs at least one");
        }
        if (profile.trainRows() > Integer.MAX_VALUE || profile.testRows() > Integer.MAX_VALUE) {
            throw new dev.pmad.agent.data.DataException(source + ": more than " + Integer.MAX_VALUE
                    + " rows in one split, which the protocol's sample counts cannot express; split the data over more agents");
        }
        this.trainSize = (int) profile.trainRows();
        this.testSize = (int) profile.testRows();
        this.stats = new FeatureStats(Weights.of(profile.count()), Weights.of(profile.sum()), Weights.of(profile.squares()));
        log.info("Spark agent data {}: {} training rows, {} test rows", source, trainSize, testSize);
    }

    /** Over rows already in memory: a simulation, or a demo CSV split by PARTITION. */
    static SparkEngine fromTables(SparkSessions.Lease lease, LocalData data) {
        // Rows that fit in this JVM are few: one partition makes every step one task, and leaves
        // the other cores to the other agents of a simulation.
        int rows = data.train().size() + data.test().size();
        return fromTables(lease, data, rows < SMALL ? 1 : lease.context().defaultParallelism());
    }

    /** As {@link #fromTables(SparkSessions.Lease, LocalData)}, in {@code slices} partitions (tests). */
    static SparkEngine fromTables(SparkSessions.Lease lease, LocalData data, int slices) {
        var tagged = new ArrayList<Rows.Raw>(data.train().size() + data.test().size());
        addAll(tagged, data.train(), false);
        addAll(tagged, data.test(), true);
        JavaRDD<Rows.Raw> rows = lease.context().parallelize(tagged, slices);
        return new SparkEngine(lease, data.schema(), rows, data.train().source());
    }

    /** Over rows Spark reads itself, split into train and test as {@link SparkSource} says. */
    static SparkEngine fromSource(SparkSessions.Lease lease, Schema schema, SparkSource source) {
        JavaRDD<Rows.Raw> rows = source.rows(lease.session(), schema);
        return new SparkEngine(lease, schema, rows, source.describe());
    }

    private static void addAll(List<Rows.Raw> out, Table table, boolean test) {
        for (int i = 0; i < table.size(); i++) {
            out.add(new Rows.Raw(table.numeric()[i], table.categorical()[i], table.labels()[i], test));
        }
    }

    @Override
    public String kind() {
        return "spark";
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int trainSize() {
        return trainSize;
    }

    @Override
    public int testSize() {
        return testSize;
    }

    @Override
    public FeatureStats trainStats() {
        return stats;
    }

    @Override
    public void prepare(Standardization next) {
        if (next.equals(standardization)) return;
        unpersist();
        FeatureEncoder enc = new FeatureEncoder(schema, next);
        train = rows.filter(r -> !r.test()).map(r -> new Rows.Encoded(enc.encodeRow(r.numeric(), r.categorical()), r.label()))
                .persist(CACHE);
        test = rows.filter(Rows.Raw::test).map(r -> new Rows.Encoded(enc.encodeRow(r.numeric(), r.categorical()), r.label()))
                .persist(CACHE);
        encoder = enc;
        standardization = next;
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        return train(start, shape, params, seed, DriftCorrection.NONE);
    }

    /** Plain SGD, or FedProx's and SCAFFOLD's: the correction is added to each step's mean gradient. */
    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed, DriftCorrection correction) {
        JavaRDD<Rows.Encoded> data = prepared();
        double q = PrivacyPlanner.recordSamplingRate(trainSize, params.batchSize());
        int steps = PrivacyPlanner.recordStepsPerRound(trainSize, params.batchSize(), params.epochs());
        long[] stepSeeds = new long[steps];
        for (int step = 0; step < steps; step++) stepSeeds[step] = Seeds.mix(seed, step);
        if (data.getNumPartitions() == 1 && !stepPerJob) {
            // Rows small enough for one partition: the same steps, in one job instead of one each.
            double[] from = start.clone();
            double lr = params.learningRate();
            return job("training", () -> data
                    .mapPartitionsWithIndex((index, it) -> Sums.localSteps(it, index, from, shape, q, stepSeeds, lr,
                            correction), true)
                    .collect().get(0));
        }
        double[] w = start.clone();
        for (int step = 0; step < steps; step++) {
            Sums.Gradient g = gradient(data, w, shape, q, stepSeeds[step], 0);
            if (g.rows() == 0) continue; // an empty sample: no step, as SGD over an empty batch
            Sums.step(w, g.sum(), g.rows(), params.learningRate(), correction, start);
        }
        return w;
    }

    @Override
    public double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                               double noiseMultiplier, RandomGenerator random) {
        return trainDpSgd(start, shape, params, clipNorm, noiseMultiplier, random, DriftCorrection.NONE);
    }

    /**
     * DP-SGD, with FedProx's proximal term added after the noise when asked (it reads no record;
     * see {@link dev.pmad.agent.training.DpSgdTrainer}).
     */
    @Override
    public double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                               double noiseMultiplier, RandomGenerator random, DriftCorrection proximal) {
        if (proximal.shifted()) throw new IllegalArgumentException("DP-SGD takes no control-variate shift");
        JavaRDD<Rows.Encoded> data = prepared();
        double q = PrivacyPlanner.recordSamplingRate(trainSize, params.batchSize());
        int steps = PrivacyPlanner.recordStepsPerRound(trainSize, params.batchSize(), params.epochs());
        double expectedBatch = q * trainSize;
        GaussianMechanism noise = new GaussianMechanism(random);
        double[] w = start.clone();
        for (int step = 0; step < steps; step++) {
            // The sample's seed comes from the secure generator and never leaves the agent:
            // amplification by sampling assumes nobody can tell which rows were drawn.
            Sums.Gradient g = gradient(data, w, shape, q, random.nextLong(), clipNorm);
            double[] sum = g.sum();
            noise.addNoiseInPlace(sum, noiseMultiplier * clipNorm); // once per step, even for an empty sample
            Sums.step(w, sum, expectedBatch, params.learningRate(), proximal, start);
        }
        return w;
    }

    private Sums.Gradient gradient(JavaRDD<Rows.Encoded> data, double[] w, ModelShape shape, double q, long stepSeed,
                                   double clipNorm) {
        double[] weights = w.clone(); // captured by the closure: what the executors see
        return job("training", () -> combine(data
                .mapPartitionsWithIndex((index, it) -> Sums.gradient(it, index, weights, shape, q, stepSeed, clipNorm), true),
                Sums.Gradient::merge));
    }

    /**
     * One small sum per partition, merged: in a tree when there are many partitions, so the
     * driver does not receive them all; directly when there are few (a tree costs an extra
     * round trip per job).
     */
    private static <T> T combine(JavaRDD<T> partials, org.apache.spark.api.java.function.Function2<T, T, T> merge) {
        return partials.getNumPartitions() > TREE_ABOVE ? partials.treeReduce(merge) : partials.reduce(merge);
    }

    /**
     * Federated Newton's sums in one job: each partition streams its rows through the in-JVM
     * engine's per-row sums ({@link dev.pmad.agent.training.NewtonStatistics.Accumulator}) and
     * returns its gradient and curvature, which are added up like every other sum here. Each
     * partition's packed Hessian holds K(d+1)(K(d+1)+1)/2 doubles, so with many partitions the
     * tree merge matters: the driver receives a few of them, not one per partition.
     */
    @Override
    public NewtonSums newtonSums(double[] w, ModelShape shape, double rowClip, NewtonSums.Curvature curvature) {
        JavaRDD<Rows.Encoded> data = prepared();
        double[] weights = w.clone();
        boolean hessian = curvature == NewtonSums.Curvature.HESSIAN;
        boolean gram = curvature == NewtonSums.Curvature.GRAM;
        Sums.Newton sums = job("computing Newton's sums", () -> combine(
                data.mapPartitions(it -> Sums.newton(it, weights, shape, rowClip, hessian, gram)), Sums.Newton::merge));
        return new NewtonSums(sums.gradient(), sums.curvature());
    }

    @Override
    public double meanTrainLoss(double[] w, ModelShape shape) {
        EvaluationCounts s = scores(prepared(), w, shape);
        return s.n() == 0 ? 0 : s.lossSum() / s.n();
    }

    @Override
    public EvaluationCounts evaluate(double[] w, ModelShape shape) {
        prepared();
        if (testSize == 0) return new EvaluationCounts(new long[shape.classes() * shape.classes()], 0, 0);
        return scores(test, w, shape);
    }

    private EvaluationCounts scores(JavaRDD<Rows.Encoded> data, double[] w, ModelShape shape) {
        double[] weights = w.clone();
        return job("scoring", () -> combine(data.mapPartitions(it -> Sums.scores(it, weights, shape)), EvaluationCounts::merge));
    }

    private JavaRDD<Rows.Encoded> prepared() {
        if (encoder == null) throw new IllegalStateException("prepare(standardization) must come first");
        return train;
    }

    private static <T> T job(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (Exception e) { // SparkException is checked, yet Spark's Scala code throws it undeclared
            throw SparkErrors.unwrap(what, e);
        }
    }

    private void unpersist() {
        if (train != null) train.unpersist(false);
        if (test != null) test.unpersist(false);
        train = null;
        test = null;
    }

    @Override
    public void close() {
        try {
            unpersist();
        } finally {
            lease.close();
        }
    }

    @Override
    public String toString() {
        return "SparkEngine[" + Objects.toString(schema.label()) + ", train=" + trainSize + ", test=" + testSize + "]";
    }
}
