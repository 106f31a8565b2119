package dev.pmad.coordinator.aggregation;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;

/**
 * Federated Newton: the exact optimum of the L2-penalised multinomial logistic regression that
 * {@code pmad centralized} fits, reached in a handful of rounds whatever the split of rows over
 * agents.
 *
 * <p><b>Why it is exact.</b> The loss of the whole federation is a sum over disjoint rows, so its
 * gradient and Hessian are the sums of the agents' (the observation behind GLORE, Wu et al. 2012,
 * "Grid Binary LOgistic REgression", JAMIA 19(5)). Each round every agent sends g_k and H_k at
 * the global weights W ({@code newton} procedure, see the agent's {@code NewtonStatistics}) and
 * the coordinator takes one Newton step on
 * <pre>
 *   F(W) = sum_i loss_i(W) + (n lambda / 2) sum_c w_c' M w_c        (M = diag(1..1, 0): no bias penalty)
 *   W   <- W - s,   (sum_k H_k + n lambda M + delta B) s = sum_k g_k + n lambda M W
 * </pre>
 * with n the rows behind this round's updates and lambda = 1/n by default (scikit-learn's C = 1,
 * the default of {@code pmad centralized}, so n lambda = 1). B selects the biases and delta =
 * 1e-10 makes the system definite along the one flat direction (the same shift of every bias;
 * see {@code NewtonSolver}). Label skew does not matter: the sums are the same however the rows
 * are split. On logistic regression from W = 0 Newton typically converges in 5 to 8 steps.
 *
 * <p><b>Record-level DP.</b> A Hessian per round costs too much privacy: its (K(d+1))^2 entries
 * each need noise. Instead each agent releases, once per run, its Gram matrix G_k = sum_i
 * x~_i x~_i' over rows clipped to norm R (noise z R^2 per entry), and every round its gradient
 * sum (noise z sqrt(2) R per entry); the agent accounts for both. The coordinator replaces the
 * Hessian by B\u00f6hning's bound (B\u00f6hning 1992, "Multinomial logistic regression algorithm",
 * Ann. Inst. Statist. Math. 44(1), Lemma: diag(p) - pp' <= (1/2)(I - 11'/K) for every p)
 * <pre>
 *   B = (1/2)(I_K - 11'/K) (x) G+  +  n lambda (I_K (x) M)  +  tau I,    W <- W - B^-1 (g + n lambda M W)
 * </pre>
 * where G+ is the summed noised Gram matrix with negative eigenvalues set to 0 and tau =
 * sqrt(d+1) z R^2 sqrt(m) bounds the spectral norm of the noise the m matrices carry, halved by
 * the bound's factor 1/2 (a symmetric Gaussian D x D matrix of entry stddev s has norm close to
 * 2 s sqrt(D); Dwork, Talwar, Thakurta and Zhang 2014, "Analyze Gauss"). B is then at least the
 * true curvature, so the iteration is a majorise-minimise step that cannot overshoot: it moves
 * linearly toward the optimum, and the noise of each gradient enters once, scaled by B^-1.
 *
 * <p><b>Step guard.</b> The coordinator cannot evaluate the loss for a line search without a
 * round trip, so a step longer than {@code max_step} (L2 norm, in standardised units) is
 * shortened to it; on nearly separable data the first Newton steps can overshoot.
 *
 * <p><b>When not to use it.</b> With more than {@value #MAX_PARAMETERS} weights (the Hessian has
 * their square), in local or central DP mode (they bound weight updates, not sums over rows), or
 * with an engine that cannot compute the sums: use fedavg and its relatives there.
 */
public final class FederatedNewton implements Strategy {
    static final String NAME = "newton";
    static final String SUMMARY = "federated Newton (GLORE, Wu et al. 2012): agents send gradient and Hessian sums,"
            + " the coordinator steps to the exact optimum; record DP: noised gradients and one noised Gram matrix"
            + " per agent (B\u00f6hning's bound)";
    static final StrategyOption L2 = new StrategyOption("l2", 0, 0, false, Double.POSITIVE_INFINITY, true, false,
            "L2 penalty lambda on the mean loss; 0 = 1/n for the n training rows (scikit-learn's C = 1, as pmad centralized)");
    static final StrategyOption MAX_STEP = StrategyOption.positive("max_step", 10,
            "longest step (L2 norm of the weight change) one round may take");
    static final List<StrategyOption> OPTIONS = List.of(L2, MAX_STEP);
    /** Largest model whose Hessian (packed, 8 bytes an entry) goes over the wire: about 4 MB per agent. */
    public static final int MAX_PARAMETERS = 1000;
    private static final double BIAS_RIDGE = 1e-10;

    private final double l2;
    private final double maxStep;
    private final RunContext run; // null until bound by forRun

    public FederatedNewton() {
        this(L2.defaultValue(), MAX_STEP.defaultValue());
    }

    public FederatedNewton(double l2, double maxStep) {
        this(l2, maxStep, null);
    }

    private FederatedNewton(double l2, double maxStep, RunContext run) {
        this.l2 = L2.check(NAME, l2);
        this.maxStep = MAX_STEP.check(NAME, maxStep);
        this.run = run;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return StrategyOption.values(OPTIONS, l2, maxStep);
    }

    @Override
    public String unsupported(PrivacyMode mode) {
        return mode == PrivacyMode.LOCAL || mode == PrivacyMode.CENTRAL
                ? "newton sends sums over each agent's rows, which " + mode.wireName() + " mode cannot bound (it clips"
                        + " and noises weight updates); use --strategy fedavg (or another delta strategy) in that mode,"
                        + " or record mode, where newton noises the sums itself"
                : null;
    }

    /** Why a model of this shape is too large for newton, or null. */
    public static String unsupported(ModelShape shape) {
        return shape.size() > MAX_PARAMETERS
                ? "newton sends a Hessian of (K(d+1))^2 = " + shape.size() + "^2 entries per agent and round; models above "
                        + MAX_PARAMETERS + " weights use --strategy fedavg (or another delta strategy)"
                : null;
    }

    @Override
    public Strategy forRun(RunContext context) {
        String problem = unsupported(context.mode());
        if (problem == null) problem = unsupported(context.shape());
        if (problem != null) throw new IllegalArgumentException(problem);
        if (context.mode() == PrivacyMode.RECORD && !(context.clipNorm() > 0 && context.noiseMultiplier() > 0)) {
            throw new IllegalArgumentException("newton in record mode needs a clip norm and noise multiplier above 0");
        }
        return new FederatedNewton(l2, maxStep, context);
    }

    private boolean record() {
        return run != null && run.mode() == PrivacyMode.RECORD;
    }

    @Override
    public StrategyState initialState(int modelSize) {
        if (!record()) return StrategyState.Stateless.INSTANCE;
        return new StrategyState.GramSum(Weights.zeros(packedSize(run.shape().rowLength())), List.of());
    }

    @Override
    public Procedure procedure(String agent, StrategyState state) {
        if (!record()) return Procedure.newton(true);
        return Procedure.newton(!((StrategyState.GramSum) state).agents().contains(agent));
    }

    @Override
    public Step aggregate(double[] global, List<AgentUpdate> updates, StrategyState state) {
        if (run == null) throw new IllegalStateException("newton aggregates only for a run: call forRun first");
        ModelShape shape = run.shape();
        int p = shape.size();
        if (global.length != p) throw new IllegalArgumentException("global has " + global.length + " weights, the model " + p);
        if (updates.isEmpty()) throw new IllegalArgumentException("no updates");
        long n = 0;
        double[] g = new double[p];
        for (AgentUpdate u : updates) {
            if (u.gradient().size() != p) {
                throw new IllegalArgumentException(u.agent() + " sent a gradient of " + u.gradient().size()
                        + " values, the model has " + p + " (is it running an older agent?)");
            }
            n += u.samples();
            for (int i = 0; i < p; i++) g[i] += u.gradient().get(i);
        }
        double penalty = l2 > 0 ? l2 * n : 1.0; // n lambda, = 1 for lambda = 1/n
        int row = shape.rowLength();
        for (int c = 0; c < shape.classes(); c++) {
            for (int j = 0; j < shape.features(); j++) g[c * row + j] += penalty * global[c * row + j];
        }
        StrategyState next = state;
        double[][] system;
        if (record()) {
            StrategyState.GramSum gram = addGrams((StrategyState.GramSum) state, updates);
            next = gram;
            if (gram.agents().isEmpty()) throw new IllegalArgumentException("no agent has sent its Gram matrix yet");
            system = boehningBound(gram, penalty);
        } else {
            system = hessian(updates, penalty);
        }
        double[] step = solve(system, g);
        double norm = 0;
        for (double v : step) norm += v * v;
        norm = Math.sqrt(norm);
        double scale = norm > maxStep ? maxStep / norm : 1;
        double[] model = new double[p];
        for (int i = 0; i < p; i++) model[i] = global[i] - scale * step[i];
        centreBiases(model, shape);
        return new Step(model, next);
    }

    /** The exact Hessian of F: the agents' packed Hessians summed, plus n lambda M and the bias ridge. */
    private double[][] hessian(List<AgentUpdate> updates, double penalty) {
        ModelShape shape = run.shape();
        int p = shape.size();
        double[][] h = new double[p][p];
        for (AgentUpdate u : updates) {
            if (u.curvature().size() != packedSize(p)) {
                throw new IllegalArgumentException(u.agent() + " sent a curvature of " + u.curvature().size()
                        + " values, the packed Hessian has " + packedSize(p));
            }
            addPacked(h, u.curvature(), p, 1);
        }
        addPenalty(h, shape, penalty);
        return h;
    }

    /** B of the record-mode iteration (class javadoc). */
    private double[][] boehningBound(StrategyState.GramSum gram, double penalty) {
        ModelShape shape = run.shape();
        int k = shape.classes();
        int row = shape.rowLength();
        double[][] g = new double[row][row];
        addPacked(g, gram.packed(), row, 1);
        double[][] psd = positivePart(g);
        int p = shape.size();
        double[][] b = new double[p][p];
        for (int c = 0; c < k; c++) {
            for (int c2 = 0; c2 < k; c2++) {
                double a = 0.5 * ((c == c2 ? 1 : 0) - 1.0 / k);
                for (int i = 0; i < row; i++) {
                    for (int j = 0; j < row; j++) b[c * row + i][c2 * row + j] = a * psd[i][j];
                }
            }
        }
        addPenalty(b, shape, penalty);
        double tau = Math.sqrt(row) * run.noiseMultiplier() * run.clipNorm() * run.clipNorm() * Math.sqrt(gram.agents().size());
        for (int i = 0; i < p; i++) b[i][i] += tau;
        return b;
    }

    /** The Gram sum with the matrices of agents not yet in it added, in the updates' (agent id) order. */
    private StrategyState.GramSum addGrams(StrategyState.GramSum state, List<AgentUpdate> updates) {
        int size = packedSize(run.shape().rowLength());
        if (state.packed().size() != size) {
            throw new IllegalArgumentException("the Gram state has " + state.packed().size() + " values, the model needs " + size);
        }
        double[] sum = state.packed().toArray();
        var agents = new ArrayList<>(state.agents());
        for (AgentUpdate u : updates) {
            if (u.curvature().size() == 0) continue;
            if (u.curvature().size() != size) {
                throw new IllegalArgumentException(u.agent() + " sent a Gram matrix of " + u.curvature().size()
                        + " values, the packed matrix has " + size);
            }
            if (agents.contains(u.agent())) continue; // sent again (e.g. after a restart): already counted
            for (int i = 0; i < size; i++) sum[i] += u.curvature().get(i);
            agents.add(u.agent());
        }
        return new StrategyState.GramSum(Weights.of(sum), agents);
    }

    /** Solves the symmetric system by Cholesky; a ridge grows Levenberg-style should it be numerically indefinite. */
    private static double[] solve(double[][] a, double[] rhs) {
        double ridge = 0;
        for (int attempt = 0; attempt < 12; attempt++) {
            DenseMatrix m = DenseMatrix.createDenseMatrix(a);
            if (ridge > 0) for (int i = 0; i < a.length; i++) m.set(i, i, a[i][i] + ridge);
            var cholesky = m.choleskyFactorization();
            if (cholesky.isPresent()) return cholesky.get().solve(DenseVector.createDenseVector(rhs)).toArray();
            ridge = ridge == 0 ? 1e-8 * Math.max(1, maxDiagonal(a)) : ridge * 100;
        }
        throw new IllegalArgumentException("the Newton system is not positive definite even with a ridge of " + ridge
                + "; the agents' curvature is inconsistent");
    }

    private static double maxDiagonal(double[][] a) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i][i]));
        return max;
    }

    /** The symmetric matrix with its negative eigenvalues replaced by 0. */
    private static double[][] positivePart(double[][] g) {
        DenseMatrix m = DenseMatrix.createDenseMatrix(g);
        var eigen = m.eigenDecomposition().orElseThrow(() -> new IllegalArgumentException(
                "the summed Gram matrix has no eigendecomposition (not symmetric or not finite)"));
        double[] values = eigen.eigenvalues().toArray();
        int d = g.length;
        double[][] out = new double[d][d];
        for (int t = 0; t < d; t++) {
            double lambda = values[t];
            if (!(lambda > 0)) continue;
            double[] v = eigen.getEigenVector(t).toArray();
            for (int i = 0; i < d; i++) {
                double vi = lambda * v[i];
                if (vi == 0) continue;
                for (int j = i; j < d; j++) out[i][j] += vi * v[j];
            }
        }
        // Mirrored, not summed twice: Tribuo's Cholesky accepts only an exactly symmetric matrix.
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) out[j][i] = out[i][j];
        }
        return out;
    }

    private static void addPenalty(double[][] h, ModelShape shape, double penalty) {
        int row = shape.rowLength();
        for (int c = 0; c < shape.classes(); c++) {
            for (int j = 0; j < shape.features(); j++) h[c * row + j][c * row + j] += penalty;
            h[c * row + shape.features()][c * row + shape.features()] += BIAS_RIDGE;
        }
    }

    /** Adds the packed upper triangle (row by row) to the full symmetric matrix. */
    static void addPacked(double[][] full, Weights packed, int size, double scale) {
        int t = 0;
        for (int i = 0; i < size; i++) {
            for (int j = i; j < size; j++) {
                double v = scale * packed.get(t++);
                full[i][j] += v;
                if (j != i) full[j][i] += v;
            }
        }
    }

    static int packedSize(int size) {
        return size * (size + 1) / 2;
    }

    /** Adding the same value to every class's bias changes no probability: keep their mean at 0. */
    private static void centreBiases(double[] w, ModelShape shape) {
        int row = shape.rowLength();
        double mean = 0;
        for (int c = 0; c < shape.classes(); c++) mean += w[c * row + shape.features()];
        mean /= shape.classes();
        for (int c = 0; c < shape.classes(); c++) w[c * row + shape.features()] -= mean;
    }

    @Override
    public String toString() {
        return NAME + options();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FederatedNewton other && other.l2 == l2 && other.maxStep == maxStep && Objects.equals(other.run, run);
    }

    @Override
    public int hashCode() {
        return Objects.hash(l2, maxStep, run);
    }
}
