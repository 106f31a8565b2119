package dev.pmad.spark;

import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.training.DriftCorrection;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.NewtonStatistics;
import dev.pmad.agent.training.Softmax;
import dev.pmad.privacy.dpsgd.DpSgd;
import dev.pmad.protocol.ModelShape;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The partial sums one Spark partition returns, merged on the way to the driver: only these leave
 * an executor, never a row. Every function here is static and captures only what it is given,
 * because Spark serialises it to the executors.
 */
final class Sums {
    private Sums() {}

    /** Sum of (possibly clipped) per-example gradients over the rows sampled in one step. */
    record Gradient(double[] sum, long rows) implements Serializable {
        Gradient merge(Gradient other) {
            for (int i = 0; i < sum.length; i++) sum[i] += other.sum[i];
            return new Gradient(sum, rows + other.rows);
        }
    }

    /**
     * One partition's gradient sum for one step: each row is taken independently with probability
     * {@code q} (Poisson sampling, as in DP-SGD), drawn from a generator seeded by the step's seed
     * and the partition index, so a step is reproducible without any row id. With {@code clipNorm
     * > 0} every example's gradient is clipped to that L2 norm before it is added.
     */
    static Iterator<Gradient> gradient(Iterator<Rows.Encoded> rows, int partition, double[] w, ModelShape shape,
                                       double q, long stepSeed, double clipNorm) {
        SplittableRandom random = new SplittableRandom(dev.pmad.agent.data.Seeds.mix(stepSeed, partition));
        double[] sum = new double[w.length];
        double[] gradient = new double[w.length];
        double[] p = new double[shape.classes()];
        long taken = 0;
        while (rows.hasNext()) {
            Rows.Encoded r = rows.next();
            if (q < 1 && random.nextDouble() >= q) continue;
            taken++;
            Softmax.gradient(w, shape, r.x(), r.label(), p, gradient);
            if (clipNorm > 0) {
                DpSgd.addClippedInPlace(sum, gradient, clipNorm);
            } else {
                for (int k = 0; k < sum.length; k++) sum[k] += gradient[k];
            }
        }
        return List.of(new Gradient(sum, taken)).iterator();
    }

    /**
     * All of a round's steps on one partition, in one task: exactly the steps {@link #gradient}
     * would take one job at a time on a one-partition RDD (the same sample per step, the same
     * summation order), without paying Spark's per-job cost (tens of milliseconds) per step.
     */
    static Iterator<double[]> localSteps(Iterator<Rows.Encoded> rows, int partition, double[] start, ModelShape shape,
                                         double q, long[] stepSeeds, double learningRate, DriftCorrection correction) {
        List<Rows.Encoded> all = new java.util.ArrayList<>();
        rows.forEachRemaining(all::add);
        double[] w = start.clone();
        for (long stepSeed : stepSeeds) {
            Gradient g = gradient(all.iterator(), partition, w, shape, q, stepSeed, 0).next();
            if (g.rows() == 0) continue;
            step(w, g.sum(), g.rows(), learningRate, correction, start);
        }
        return List.of(w).iterator();
    }

    /**
     * One SGD step in place: {@code w -= learningRate * (sum / divisor + correction)}, the
     * correction (FedProx, SCAFFOLD) evaluated at {@code w} before the step. Without one, the
     * arithmetic the engine always had, so plain SGD keeps its bits.
     */
    static void step(double[] w, double[] sum, double divisor, double learningRate, DriftCorrection correction,
                     double[] start) {
        if (correction.none()) {
            double scale = learningRate / divisor;
            for (int k = 0; k < w.length; k++) w[k] -= scale * sum[k];
            return;
        }
        double[] mean = new double[w.length];
        for (int k = 0; k < w.length; k++) mean[k] = sum[k] / divisor;
        correction.addInPlace(mean, w, start);
        for (int k = 0; k < w.length; k++) w[k] -= learningRate * mean[k];
    }

    /** Federated Newton's sums over some rows: the gradient and the packed curvature (empty when not asked). */
    record Newton(double[] gradient, double[] curvature) implements Serializable {
        Newton merge(Newton other) {
            for (int i = 0; i < gradient.length; i++) gradient[i] += other.gradient[i];
            for (int i = 0; i < curvature.length; i++) curvature[i] += other.curvature[i];
            return this;
        }
    }

    /**
     * One partition's federated-Newton sums at {@code w}, streamed through the same per-row
     * arithmetic as the in-JVM engine ({@link NewtonStatistics.Accumulator}), so the partitions'
     * sums add up to its sums over all rows.
     */
    static Iterator<Newton> newton(Iterator<Rows.Encoded> rows, double[] w, ModelShape shape, double rowClip,
                                   boolean hessian, boolean gram) {
        var acc = new NewtonStatistics.Accumulator(w, shape, rowClip, hessian, gram);
        while (rows.hasNext()) {
            Rows.Encoded r = rows.next();
            acc.add(r.x(), r.label());
        }
        return List.of(new Newton(acc.gradient(), acc.curvature())).iterator();
    }

    /** Confusion matrix and summed cross-entropy of a model on one partition's rows. */
    static Iterator<EvaluationCounts> scores(Iterator<Rows.Encoded> rows, double[] w, ModelShape shape) {
        EvaluationCounts.Tally tally = new EvaluationCounts.Tally(w, shape);
        while (rows.hasNext()) {
            Rows.Encoded r = rows.next();
            tally.add(r.x(), r.label());
        }
        return List.of(tally.counts()).iterator();
    }

    /** Row counts of both splits and the training split's per-feature statistics (for JOIN). */
    record Profile(long trainRows, long testRows, double[] count, double[] sum, double[] squares) implements Serializable {
        Profile merge(Profile o) {
            for (int i = 0; i < count.length; i++) {
                count[i] += o.count[i];
                sum[i] += o.sum[i];
                squares[i] += o.squares[i];
            }
            return new Profile(trainRows + o.trainRows, testRows + o.testRows, count, sum, squares);
        }
    }

    static Iterator<Profile> profile(Iterator<Rows.Raw> rows, int numeric) {
        double[] count = new double[numeric];
        double[] sum = new double[numeric];
        double[] squares = new double[numeric];
        long train = 0;
        long test = 0;
        while (rows.hasNext()) {
            Rows.Raw r = rows.next();
            if (r.test()) {
                test++;
                continue;
            }
            train++;
            FeatureEncoder.addToStats(r.numeric(), count, sum, squares);
        }
        return List.of(new Profile(train, test, count, sum, squares)).iterator();
    }
}
