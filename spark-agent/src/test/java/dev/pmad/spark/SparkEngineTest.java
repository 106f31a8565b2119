package dev.pmad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.engine.InMemoryEngine;
import dev.pmad.agent.engine.NewtonSums;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.agent.training.DriftCorrection;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark engine against the in-JVM engine on the same rows, in a real local[2] Spark: the
 * same sizes, statistics, losses and confusion matrices, and the same gradient-descent steps.
 */
class SparkEngineTest {
    static SparkSessions.Lease keepAlive; // one session for the class instead of one per engine
    static Schema schema;
    static LocalData data;
    static Standardization standardization;
    static ModelShape shape;

    @BeforeAll
    static void startSpark() {
        keepAlive = SparkSessions.acquire(SparkMaster.parse("local[2]"), Duration.ofSeconds(60));
        schema = Schema.read(RepoData.file("breast_cancer_wisconsin.schema.json"));
        Table all = CsvLoader.load(RepoData.file(RepoData.BREAST_CANCER), schema);
        int[] rows = new int[all.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        int[][] split = Partitioner.trainTest(rows, 0.2, 7, 0);
        data = new LocalData(schema, all.select(split[0]), all.select(split[1]));
        standardization = Standardization.combine(List.of(FeatureEncoder.stats(data.train())));
        shape = new ModelShape(schema.classes().size(), schema.encodedWidth());
    }

    @AfterAll
    static void stopSpark() {
        keepAlive.close();
    }

    private static SparkEngine spark() {
        SparkEngine engine = SparkEngine.fromTables(SparkSessions.acquire(SparkMaster.parse("local[2]"), Duration.ofSeconds(60)), data);
        engine.prepare(standardization);
        return engine;
    }

    private static InMemoryEngine tribuo() {
        InMemoryEngine engine = new InMemoryEngine(data, TrainerFactory.tribuo());
        engine.prepare(standardization);
        return engine;
    }

    private static double[] someWeights() {
        SplittableRandom random = new SplittableRandom(3);
        double[] w = new double[shape.size()];
        for (int i = 0; i < w.length; i++) w[i] = random.nextDouble(-0.5, 0.5);
        return w;
    }

    @Test
    void joinFacts_matchTheInJvmEngine() {
        try (SparkEngine spark = spark(); InMemoryEngine local = tribuo()) {
            assertEquals("spark", spark.kind());
            assertEquals(local.trainSize(), spark.trainSize());
            assertEquals(local.testSize(), spark.testSize());
            assertArrayEquals(local.trainStats().count().toArray(), spark.trainStats().count().toArray(), 0);
            assertArrayEquals(local.trainStats().sum().toArray(), spark.trainStats().sum().toArray(), 1e-9);
            assertArrayEquals(local.trainStats().sumOfSquares().toArray(), spark.trainStats().sumOfSquares().toArray(), 1e-6);
        }
    }

    @Test
    void evaluationAndLoss_matchTheInJvmEngine() {
        double[] w = someWeights();
        try (SparkEngine spark = spark(); InMemoryEngine local = tribuo()) {
            EvaluationCounts expected = local.evaluate(w, shape);
            EvaluationCounts actual = spark.evaluate(w, shape);
            assertArrayEquals(expected.confusion(), actual.confusion());
            assertEquals(expected.n(), actual.n());
            assertEquals(expected.lossSum(), actual.lossSum(), 1e-9);
            assertEquals(local.meanTrainLoss(w, shape), spark.meanTrainLoss(w, shape), 1e-12);
        }
    }

    @Test
    void fullBatchTraining_takesExactlyTheGradientStepsOfTheMeanLogisticLoss() {
        // batch >= n: every step uses every row, so no sampling is involved and the result is
        // plain gradient descent, which we compute here in one JVM.
        var params = new TrainingParams(3, 0.5, 10_000, 1);
        double[] start = someWeights();
        double[] expected = start.clone();
        double[][] x = new FeatureEncoder(schema, standardization).encode(data.train());
        int[] y = data.train().labels();
        for (int step = 0; step < 3; step++) {
            double[] sum = gradientSum(expected, x, y, Double.POSITIVE_INFINITY);
            for (int k = 0; k < expected.length; k++) expected[k] -= 0.5 * sum[k] / x.length;
        }
        try (SparkEngine spark = spark()) {
            assertArrayEquals(expected, spark.train(start, shape, params, 99), 1e-12);
        }
    }

    @Test
    void recordDp_clipsEachExampleAndDividesByTheExpectedBatch() {
        // Full batch and noise a billion times smaller than the clip norm: what remains is the
        // per-example clipping, which a whole-batch clip would not reproduce.
        var params = new TrainingParams(2, 0.5, 10_000, 1);
        double clip = 0.05;
        double[] start = someWeights();
        double[] expected = start.clone();
        double[][] x = new FeatureEncoder(schema, standardization).encode(data.train());
        int[] y = data.train().labels();
        for (int step = 0; step < 2; step++) {
            double[] sum = gradientSum(expected, x, y, clip);
            for (int k = 0; k < expected.length; k++) expected[k] -= 0.5 * sum[k] / x.length;
        }
        try (SparkEngine spark = spark()) {
            double[] actual = spark.trainDpSgd(start, shape, params, clip, 1e-9, GaussianMechanism.seededDrbg(5));
            assertArrayEquals(expected, actual, 1e-6);
        }
    }

    @Test
    void minibatchTraining_lowersTheLossLikeTribuo() {
        var params = new TrainingParams(2, 0.1, 16, 4);
        double[] start = new double[shape.size()];
        try (SparkEngine spark = spark(); InMemoryEngine local = tribuo()) {
            double before = spark.meanTrainLoss(start, shape);
            double sparkLoss = spark.meanTrainLoss(spark.train(start, shape, params, 4), shape);
            double tribuoLoss = local.meanTrainLoss(local.train(start, shape, params, 4), shape);
            assertTrue(sparkLoss < before / 3, "spark " + sparkLoss + " from " + before);
            assertEquals(tribuoLoss, sparkLoss, 0.05, "tribuo " + tribuoLoss + ", spark " + sparkLoss);
            // Reproducible: the same seed samples the same rows.
            assertArrayEquals(spark.train(start, shape, params, 4), spark.train(start, shape, params, 4), 0);
        }
    }

    @Test
    void oneJobPerRound_takesExactlyTheStepsOfOneJobPerStep() {
        var params = new TrainingParams(2, 0.1, 4, 8);
        double[] start = someWeights();
        try (SparkEngine spark = spark()) {
            double[] oneJob = spark.train(start, shape, params, 8);
            spark.stepPerJob = true;
            double[] jobPerStep = spark.train(start, shape, params, 8);
            assertArrayEquals(jobPerStep, oneJob, 0);
        }
    }

    @Test
    void fedproxAndScaffoldCorrections_areAddedToEachFullBatchStep_onBothJobPaths() {
        // w <- w - lr (mean gradient + mu (w - start) + shift), three full-batch steps, computed here.
        var params = new TrainingParams(3, 0.5, 10_000, 1);
        double[] start = someWeights();
        double mu = 0.8;
        double[] shift = new double[shape.size()];
        for (int k = 0; k < shift.length; k++) shift[k] = 0.01 * (k % 3 - 1);
        double[] expected = start.clone();
        double[][] x = new FeatureEncoder(schema, standardization).encode(data.train());
        int[] y = data.train().labels();
        for (int step = 0; step < 3; step++) {
            double[] sum = gradientSum(expected, x, y, Double.POSITIVE_INFINITY);
            for (int k = 0; k < expected.length; k++) {
                expected[k] -= 0.5 * (sum[k] / x.length + mu * (expected[k] - start[k]) + shift[k]);
            }
        }
        var correction = new DriftCorrection(mu, shift);
        try (SparkEngine spark = spark()) {
            assertArrayEquals(expected, spark.train(start, shape, params, 99, correction), 1e-12);
            spark.stepPerJob = true;
            assertArrayEquals(expected, spark.train(start, shape, params, 99, correction), 1e-12);
            // Without a correction: plain SGD, bit for bit.
            assertArrayEquals(spark.train(start, shape, params, 99), spark.train(start, shape, params, 99,
                    DriftCorrection.NONE), 0);
        }
    }

    @Test
    void recordDp_addsTheProximalTermAfterClipping() {
        var params = new TrainingParams(2, 0.5, 10_000, 1);
        double clip = 0.05;
        double mu = 0.5;
        double[] start = someWeights();
        double[] expected = start.clone();
        double[][] x = new FeatureEncoder(schema, standardization).encode(data.train());
        int[] y = data.train().labels();
        for (int step = 0; step < 2; step++) {
            double[] sum = gradientSum(expected, x, y, clip);
            for (int k = 0; k < expected.length; k++) {
                expected[k] -= 0.5 * (sum[k] / x.length + mu * (expected[k] - start[k]));
            }
        }
        try (SparkEngine spark = spark()) {
            double[] actual = spark.trainDpSgd(start, shape, params, clip, 1e-9, GaussianMechanism.seededDrbg(5),
                    DriftCorrection.proximal(mu));
            assertArrayEquals(expected, actual, 1e-6);
        }
    }

    @Test
    void newtonSums_overSeveralPartitions_equalTheInJvmEnginesSums() {
        // Three partitions, so the sums are built per partition and added, not in one pass.
        double[] w = someWeights();
        try (SparkEngine spark = SparkEngine.fromTables(SparkSessions.acquire(SparkMaster.parse("local[2]"), Duration.ofSeconds(60)), data, 3);
             InMemoryEngine local = tribuo()) {
            spark.prepare(standardization);
            for (double rowClip : new double[] {0, 2.0}) {
                for (NewtonSums.Curvature curvature : NewtonSums.Curvature.values()) {
                    String what = curvature + " with row clip " + rowClip;
                    NewtonSums expected = local.newtonSums(w, shape, rowClip, curvature);
                    NewtonSums actual = spark.newtonSums(w, shape, rowClip, curvature);
                    assertRelativelyEqual(expected.gradient(), actual.gradient(), what + ": gradient");
                    assertRelativelyEqual(expected.curvature(), actual.curvature(), what + ": curvature");
                }
            }
            // The clip bites on these rows: clipped sums differ from unclipped ones.
            double[] clipped = spark.newtonSums(w, shape, 2.0, NewtonSums.Curvature.GRAM).curvature();
            double[] plain = spark.newtonSums(w, shape, 0, NewtonSums.Curvature.GRAM).curvature();
            assertTrue(clipped[0] < plain[0], "clipped " + clipped[0] + ", plain " + plain[0]);
        }
    }

    /** Each entry within 1e-9 of the larger magnitude of the two (absolutely near zero). */
    private static void assertRelativelyEqual(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-9 * Math.max(Math.max(Math.abs(expected[i]), Math.abs(actual[i])), 1e-6 * scale);
            assertEquals(expected[i], actual[i], tolerance, what + " [" + i + "]");
        }
    }

    /** Sum over rows of the softmax gradient, each clipped to {@code clip} (L2). */
    private static double[] gradientSum(double[] w, double[][] x, int[] y, double clip) {
        int row = shape.rowLength();
        double[] sum = new double[w.length];
        double[] p = new double[shape.classes()];
        for (int i = 0; i < x.length; i++) {
            dev.pmad.agent.training.Softmax.probabilities(w, shape, x[i], p);
            double[] g = new double[w.length];
            for (int c = 0; c < shape.classes(); c++) {
                double d = p[c] - (c == y[i] ? 1 : 0);
                for (int j = 0; j < shape.features(); j++) g[c * row + j] = d * x[i][j];
                g[c * row + shape.features()] = d;
            }
            double norm = 0;
            for (double v : g) norm += v * v;
            norm = Math.sqrt(norm);
            double f = norm > clip ? clip / norm : 1;
            for (int k = 0; k < g.length; k++) sum[k] += g[k] * f;
        }
        return sum;
    }
}
