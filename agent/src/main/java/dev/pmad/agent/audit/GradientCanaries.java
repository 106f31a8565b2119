package dev.pmad.agent.audit;

import dev.pmad.agent.training.DpSgdProbe;
import dev.pmad.agent.training.DpSgdTrainer;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Record mode: gradient canaries in the agent's own DP-SGD ({@link DpSgdTrainer}), each seen in
 * the noised step it acts in.
 *
 * <p><b>The canaries.</b> Canary i owns one slot (step t_i, direction u_i): at step t_i its
 * gradient is 2C u_i (clipping cuts it to C), at every other step zero; it is Poisson-sampled
 * with the rows' rate like any example. The directions u_j = (1, ..., 1) x e_j / sqrt(K) add the
 * same amount to weight j of every class: no record's gradient has a component there (a softmax
 * gradient's class factors p_c - [c = y] sum to zero) and the model's predictions do not move
 * there. So the only thing between a canary and the auditor is the mechanism's noise: the
 * worst case DP-SGD's guarantee is written for (any contribution of norm at most C, every iterate
 * released), in the spirit of the Dirac canaries of Nasr et al. 2023 and Steinke et al. 2023,
 * Section 6.
 *
 * <p><b>The score.</b> ⟨noised sum of step t_i, u_i⟩ / C: about 1 + N(0, z^2) if the canary was
 * IN and drawn, N(0, z^2) otherwise. An IN canary that sampling skipped looks OUT, which is the
 * amplification the accountant credits, so guesses are one-sided (IN on high scores only), and
 * their number is set from what the configuration lets be seen: about m q / 2 canaries are IN
 * and drawn, so k+ is tried at 1/4, 1/2, 3/4 and all of that.
 *
 * <p>One slot per canary: at most (steps x (features + 1)) canaries.
 */
final class GradientCanaries implements DpSgdProbe {
    private final int classes;
    private final int row;
    private final double clipNorm;
    private final int[] step;
    private final int[] direction;
    private final int[] inIds;
    private final List<List<Integer>> byStep;
    private final double[] scores;

    private GradientCanaries(ModelShape shape, int steps, double clipNorm, boolean[] included, long seed) {
        int m = included.length;
        int directions = shape.rowLength();
        long slots = (long) steps * directions;
        if (m > slots) {
            throw new IllegalArgumentException("--canaries " + m + " is more than the " + slots + " gradient-canary slots ("
                    + steps + " DP-SGD steps x " + directions + " directions) of this run: lower --canaries or train for more"
                    + " steps (--rounds, --epochs, a smaller --batch-size)");
        }
        this.classes = shape.classes();
        this.row = shape.rowLength();
        this.clipNorm = clipNorm;
        this.step = new int[m];
        this.direction = new int[m];
        this.scores = new double[m];
        this.byStep = new ArrayList<>();
        for (int t = 0; t < steps; t++) byStep.add(new ArrayList<>());
        // A random set of distinct slots, so canaries neither share a step and direction nor cluster early.
        int[] chosen = distinctSlots((int) slots, m, new SplittableRandom(seed));
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            step[i] = chosen[i] / directions;
            direction[i] = chosen[i] % directions;
            byStep.get(step[i]).add(i);
            if (included[i]) in.add(i);
        }
        this.inIds = in.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Trains with DP-SGD on {@code x, y} plus the included canaries, noise multiplier {@code
     * noiseMultiplier}, and scores every canary.
     */
    static CanaryScores run(double[][] x, int[] y, ModelShape shape, TrainingParams params, double clipNorm,
                            double noiseMultiplier, int canaries, long seed, RandomGenerator secure) {
        boolean[] included = CanaryScores.coins(canaries, seed);
        int steps = PrivacyPlanner.recordStepsPerRound(x.length, params.batchSize(), params.epochs());
        var probe = new GradientCanaries(shape, steps, clipNorm, included, seed + 1);
        new DpSgdTrainer(x, y, clipNorm, noiseMultiplier, secure, dev.pmad.agent.training.DriftCorrection.NONE, probe)
                .train(new double[shape.size()], shape, params, seed);
        double q = PrivacyPlanner.recordSamplingRate(x.length, params.batchSize());
        return new CanaryScores(probe.scores, included, "gradient", "every noised DP-SGD step", guessSizes(canaries, q));
    }

    /** k+ at fractions of the expected number of IN canaries that sampling drew, m q / 2; k- = 0. */
    static List<int[]> guessSizes(int m, double q) {
        double visible = m * q / 2;
        List<int[]> sizes = new ArrayList<>();
        for (double f : new double[] {0.25, 0.5, 0.75, 1}) {
            int k = (int) Math.max(1, Math.min(m, Math.round(f * visible)));
            if (sizes.stream().noneMatch(g -> g[0] == k)) sizes.add(new int[] {k, 0});
        }
        return sizes;
    }

    @Override
    public int extraExamples() {
        return inIds.length;
    }

    @Override
    public void extraGradient(int t, int example, double[] w, double[] out) {
        java.util.Arrays.fill(out, 0);
        int i = inIds[example];
        if (step[i] != t) return;
        double v = 2 * clipNorm / Math.sqrt(classes);
        for (int c = 0; c < classes; c++) out[c * row + direction[i]] = v;
    }

    @Override
    public void released(int t, double[] noisySum) {
        for (int i : byStep.get(t)) {
            double dot = 0;
            for (int c = 0; c < classes; c++) dot += noisySum[c * row + direction[i]];
            scores[i] = dot / Math.sqrt(classes) / clipNorm;
        }
    }

    /** {@code m} distinct values of 0..n-1 in random order (partial Fisher-Yates). */
    private static int[] distinctSlots(int n, int m, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return java.util.Arrays.copyOf(all, m);
    }
}
