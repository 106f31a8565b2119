package dev.pmad.cli.attack;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.training.DriftCorrection;
import dev.pmad.agent.engine.NewtonSums;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A simulated hostile agent's engine: it trains honestly, then {@link Attack#tamper}s what it
 * returns, or lies about its row count. Wraps any engine; everything else is delegated.
 */
public final class AttackingEngine implements LocalEngine {
    private final LocalEngine inner;
    private final Attack attack;

    private AttackingEngine(LocalEngine inner, Attack attack) {
        this.inner = inner;
        this.attack = attack;
    }

    /** Wraps {@code inner}; with {@code label-flip} the caller builds it on {@link #flipLabels} data instead. */
    public static LocalEngine wrap(LocalEngine inner, Attack attack) {
        return new AttackingEngine(inner, attack);
    }

    /** The agent's data with every training label moved to the next class (label-flip). */
    public static LocalData flipLabels(LocalData data) {
        Table t = data.train();
        int k = data.schema().classes().size();
        int[] flipped = new int[t.labels().length];
        for (int i = 0; i < flipped.length; i++) flipped[i] = (t.labels()[i] + 1) % k;
        return new LocalData(data.schema(), new Table(t.schema(), t.source() + " (labels flipped)", t.numeric(),
                t.categorical(), flipped), data.test());
    }

    @Override
    public String kind() {
        return inner.kind();
    }

    @Override
    public Schema schema() {
        return inner.schema();
    }

    @Override
    public int trainSize() {
        return attack.kind() == Attack.Kind.INFLATE_COUNT ? (int) attack.value() : inner.trainSize();
    }

    @Override
    public int testSize() {
        return inner.testSize();
    }

    @Override
    public FeatureStats trainStats() {
        return inner.trainStats();
    }

    @Override
    public void prepare(Standardization standardization) {
        inner.prepare(standardization);
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        return attack.tamper(start, inner.train(start, shape, params, seed), new SplittableRandom(seed));
    }

    @Override
    public double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                               double noiseMultiplier, RandomGenerator random) {
        return attack.tamper(start, inner.trainDpSgd(start, shape, params, clipNorm, noiseMultiplier, random), random);
    }

    /**
     * Federated Newton: the honest sums with the gradient tampered as a delta would be (negated,
     * scaled or noised); the curvature stays honest, so the coordinator's system stays solvable
     * and the attack is on the direction of the step.
     */
    @Override
    public NewtonSums newtonSums(double[] w, ModelShape shape, double rowClip, NewtonSums.Curvature curvature) {
        NewtonSums honest = inner.newtonSums(w, shape, rowClip, curvature);
        double[] gradient = attack.tamper(new double[honest.gradient().length], honest.gradient(),
                new SplittableRandom(java.util.Arrays.hashCode(w)));
        return new NewtonSums(gradient, honest.curvature());
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed, DriftCorrection correction) {
        return attack.tamper(start, inner.train(start, shape, params, seed, correction), new SplittableRandom(seed));
    }

    @Override
    public double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                               double noiseMultiplier, RandomGenerator random, DriftCorrection proximal) {
        return attack.tamper(start, inner.trainDpSgd(start, shape, params, clipNorm, noiseMultiplier, random, proximal), random);
    }

    /** The steps the honest engine took, whatever row count the attack declares. */
    @Override
    public int localSteps(TrainingParams params) {
        return inner.localSteps(params);
    }

    @Override
    public double meanTrainLoss(double[] w, ModelShape shape) {
        return inner.meanTrainLoss(w, shape);
    }

    @Override
    public EvaluationCounts evaluate(double[] w, ModelShape shape) {
        return inner.evaluate(w, shape);
    }

    @Override
    public void close() {
        inner.close();
    }
}
