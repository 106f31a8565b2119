package dev.pmad.agent.training;

import dev.pmad.privacy.dpsgd.DpSgd;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.random.RandomGenerator;

/**
 * DP-SGD (Abadi et al. 2016) for multinomial logistic regression: each step takes a Poisson
 * sample of the local rows (each row independently with probability q = batch / n), clips every
 * example's gradient to L2 norm C, adds N(0, (zC)^2) to the sum and divides by the expected batch
 * size qn. Tribuo's trainer cannot clip per example, hence this small loop.
 *
 * <p>Sampling uses the secure generator, not the round seed: amplification by sampling assumes
 * nobody knows which rows were drawn.
 *
 * <p><b>FedProx.</b> A proximal coefficient mu adds mu (w - w_start) to each step's noised mean
 * gradient. That term reads no record: w is the previous DP-SGD iterate and w_start the public
 * global model, so adding it is post-processing of what the noise already protects, and the
 * round costs exactly the steps {@link PrivacyPlanner} accounts for, as plain DP-SGD. A SCAFFOLD
 * shift is refused: it comes from this agent's earlier unnoised updates.
 */
public final class DpSgdTrainer implements LocalTrainer {
    private final double[][] x;
    private final int[] y;
    private final double clipNorm;
    private final double noiseMultiplier;
    private final RandomGenerator random;
    private final DriftCorrection proximal;
    private final DpSgdProbe probe;

    public DpSgdTrainer(double[][] x, int[] y, double clipNorm, double noiseMultiplier, RandomGenerator random) {
        this(x, y, clipNorm, noiseMultiplier, random, DriftCorrection.NONE);
    }

    /**
     * With FedProx's proximal term.
     *
     * @throws IllegalArgumentException if {@code proximal} carries a SCAFFOLD shift
     */
    public DpSgdTrainer(double[][] x, int[] y, double clipNorm, double noiseMultiplier, RandomGenerator random,
                        DriftCorrection proximal) {
        this(x, y, clipNorm, noiseMultiplier, random, proximal, DpSgdProbe.NONE);
    }

    /**
     * Audited by {@code probe} (see {@link DpSgdProbe}): only {@code pmad privacy audit} passes one.
     *
     * @throws IllegalArgumentException if {@code proximal} carries a SCAFFOLD shift
     */
    public DpSgdTrainer(double[][] x, int[] y, double clipNorm, double noiseMultiplier, RandomGenerator random,
                        DriftCorrection proximal, DpSgdProbe probe) {
        if (proximal.shifted()) {
            throw new IllegalArgumentException("DP-SGD takes only a proximal term: a control-variate shift is derived from"
                    + " unnoised updates of this agent's data");
        }
        this.proximal = proximal;
        this.x = x;
        this.y = y;
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.random = random;
        this.probe = java.util.Objects.requireNonNull(probe, "probe");
    }

    /**
     * The next row taken by Poisson sampling after row {@code i}: the gap between successes of
     * independent Bernoulli(q) trials is geometric, so one draw per sampled row replaces one per
     * row — the same distribution, about n/batch times fewer secure random draws.
     */
    private int nextSampled(int i, double q) {
        if (q >= 1) return i + 1;
        double u = 1 - random.nextDouble(); // in (0, 1]
        double gap = Math.floor(Math.log(u) / Math.log1p(-q));
        return gap >= Integer.MAX_VALUE - 1 - i ? Integer.MAX_VALUE : i + 1 + (int) gap;
    }

    @Override
    public String kind() {
        return "dp-sgd";
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        int n = x.length;
        double q = PrivacyPlanner.recordSamplingRate(n, params.batchSize());
        int steps = PrivacyPlanner.recordStepsPerRound(n, params.batchSize(), params.epochs());
        double expectedBatch = q * n;
        double[] w = start.clone();
        double[] sum = new double[w.length];
        double[] gradient = new double[w.length];
        double[] p = new double[shape.classes()];
        GaussianMechanism noise = new GaussianMechanism(random);
        int extra = probe.extraExamples();
        for (int step = 0; step < steps; step++) {
            java.util.Arrays.fill(sum, 0);
            for (int i = nextSampled(-1, q); i < n; i = nextSampled(i, q)) {
                Softmax.gradient(w, shape, x[i], y[i], p, gradient);
                DpSgd.addClippedInPlace(sum, gradient, clipNorm);
            }
            // An audit's canaries: sampled at the rows' rate, clipped like them.
            for (int e = extra == 0 ? 0 : nextSampled(-1, q); e < extra; e = nextSampled(e, q)) {
                probe.extraGradient(step, e, w, gradient);
                DpSgd.addClippedInPlace(sum, gradient, clipNorm);
            }
            noise.addNoiseInPlace(sum, noiseMultiplier * clipNorm);
            if (probe != DpSgdProbe.NONE) probe.released(step, sum.clone());
            double scale = params.learningRate() / expectedBatch;
            if (proximal.none()) {
                for (int k = 0; k < w.length; k++) w[k] -= scale * sum[k];
            } else {
                // After the noise: mu (w - start) reads no record (see the class comment).
                for (int k = 0; k < w.length; k++) sum[k] /= expectedBatch;
                proximal.addInPlace(sum, w, start);
                for (int k = 0; k < w.length; k++) w[k] -= params.learningRate() * sum[k];
            }
        }
        return w;
    }
}
