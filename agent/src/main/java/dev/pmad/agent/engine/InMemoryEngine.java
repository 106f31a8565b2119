package dev.pmad.agent.engine;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.training.SgdTrainer;
import dev.pmad.agent.training.DpSgdTrainer;
import dev.pmad.agent.training.DriftCorrection;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.LocalTrainer;
import dev.pmad.agent.training.NewtonStatistics;
import dev.pmad.agent.training.Softmax;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Local data held in this JVM as arrays, encoded once per standardisation (not per round), and
 * trained by a {@link TrainerFactory} ({@link SgdTrainer} by default).
 */
public final class InMemoryEngine implements LocalEngine {
    private final LocalData data;
    private final TrainerFactory trainerFactory;
    private Standardization standardization;
    private double[][] trainX;
    private double[][] testX;
    private LocalTrainer trainer;
    /** FedProx's and SCAFFOLD's trainer: built once per encoding (it indexes the rows' non-zero columns). */
    private SgdTrainer corrected;
    /** Rows in the sparse form Newton's sums need, built on first use for the current encoding and clip. */
    private NewtonStatistics newton;
    private double newtonClip;

    public InMemoryEngine(LocalData data, TrainerFactory trainerFactory) {
        this.data = Objects.requireNonNull(data, "data");
        this.trainerFactory = Objects.requireNonNull(trainerFactory, "trainerFactory");
    }

    public LocalData data() {
        return data;
    }

    @Override
    public String kind() {
        return trainerFactory.kind();
    }

    @Override
    public Schema schema() {
        return data.schema();
    }

    @Override
    public int trainSize() {
        return data.train().size();
    }

    @Override
    public int testSize() {
        return data.test().size();
    }

    @Override
    public FeatureStats trainStats() {
        return FeatureEncoder.stats(data.train());
    }

    @Override
    public void prepare(Standardization next) {
        if (next.equals(standardization)) return;
        var encoder = new FeatureEncoder(data.schema(), next);
        trainX = encoder.encode(data.train());
        testX = encoder.encode(data.test());
        trainer = trainerFactory.create(data.schema(), trainX, data.train().labels());
        corrected = trainer instanceof SgdTrainer sgd ? sgd : null;
        newton = null;
        standardization = next;
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        return prepared().train(start, shape, params, seed);
    }

    /** FedProx and SCAFFOLD: {@link SgdTrainer}, plain SGD's loop with the correction added. */
    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed, DriftCorrection correction) {
        if (correction.none()) return train(start, shape, params, seed);
        prepared();
        if (corrected == null) corrected = new SgdTrainer(trainX, data.train().labels());
        return corrected.train(start, shape, params, seed, correction);
    }

    @Override
    public double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                               double noiseMultiplier, RandomGenerator random) {
        return trainDpSgd(start, shape, params, clipNorm, noiseMultiplier, random, DriftCorrection.NONE);
    }

    @Override
    public double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                               double noiseMultiplier, RandomGenerator random, DriftCorrection proximal) {
        prepared();
        return new DpSgdTrainer(trainX, data.train().labels(), clipNorm, noiseMultiplier, random, proximal)
                .train(start, shape, params, 0);
    }

    @Override
    public NewtonSums newtonSums(double[] w, ModelShape shape, double rowClip, NewtonSums.Curvature curvature) {
        prepared();
        if (newton == null || newtonClip != rowClip) {
            newton = new NewtonStatistics(trainX, data.train().labels(), shape, rowClip);
            newtonClip = rowClip;
        }
        double[] c = switch (curvature) {
            case NONE -> new double[0];
            case HESSIAN -> newton.hessian(w);
            case GRAM -> newton.gram();
        };
        return new NewtonSums(newton.gradient(w), c);
    }

    @Override
    public double meanTrainLoss(double[] w, ModelShape shape) {
        prepared();
        return Softmax.meanLoss(w, shape, trainX, data.train().labels());
    }

    @Override
    public EvaluationCounts evaluate(double[] w, ModelShape shape) {
        prepared();
        return EvaluationCounts.of(w, shape, testX, data.test().labels());
    }

    private LocalTrainer prepared() {
        if (trainer == null) throw new IllegalStateException("prepare(standardization) must come first");
        return trainer;
    }

    @Override
    public void close() {
        // Nothing held outside the heap.
    }
}
