package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Weights;
import java.util.Arrays;
import java.util.List;

/**
 * Adaptive server optimizers, Reddi et al. 2021, "Adaptive Federated Optimization" (ICLR),
 * Algorithm 2, shared by {@link FedAdagrad}, {@link FedAdam} and {@link FedYogi}, which differ
 * only in the second-moment update. Per coordinate, with the weighted mean delta {@code Delta}
 * as pseudo-gradient:
 * <pre>
 *   m   &lt;- beta1 * m + (1 - beta1) * Delta
 *   v   &lt;- secondMoment(v, Delta^2)
 *   new  = global + eta * m / (sqrt(v) + tau)
 * </pre>
 *
 * <p>Initial state: {@code m = 0} and {@code v = tau^2}, the paper's {@code v_{-1} >= tau^2}.
 * Flower 1.28 ({@code flwr/serverapp/strategy/fedadam.py}, {@code fedyogi.py},
 * {@code fedadagrad.py}, and the older {@code flwr/server/strategy} ones) starts v at 0; the two
 * differ by at most tau in {@code sqrt(v)}, the size of the tau already in the denominator, and
 * the paper's choice keeps v positive from the start. A test replays Flower's formulas from a
 * zero state to check the rest of the arithmetic.
 *
 * <p>No bias correction: Algorithm 2 has none. Flower's FedAdam scales eta by
 * {@code sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))} in round t; FedYogi and FedAdagrad do not.
 *
 * <p>Not for very few rounds: the moments need several rounds to mean anything, and the first
 * step moves every coordinate by about eta whatever the size of its delta (m / sqrt(v) is about
 * (1 - beta1) / sqrt(1 - beta2) = 1 for Adam and Yogi at the defaults).
 */
abstract sealed class AdaptiveFedOpt implements Strategy permits FedAdagrad, FedAdam, FedYogi {
    static final String PAPER = "Reddi et al. 2021";

    static StrategyOption eta(double defaultValue) {
        return StrategyOption.positive("eta", defaultValue, "server learning rate");
    }

    static StrategyOption beta1(double defaultValue) {
        return StrategyOption.fraction("beta1", defaultValue, 1, "first-moment (momentum) decay");
    }

    static StrategyOption beta2(double defaultValue) {
        return StrategyOption.fraction("beta2", defaultValue, 1, "second-moment decay");
    }

    static StrategyOption tau(double defaultValue) {
        return StrategyOption.positive("tau", defaultValue,
                "adaptivity: added to sqrt(v); larger is closer to momentum SGD");
    }

    final double eta;
    final double beta1;
    final double tau;

    AdaptiveFedOpt(double eta, double beta1, double tau) {
        this.eta = eta;
        this.beta1 = beta1;
        this.tau = tau;
    }

    /** The variant's second-moment update for one coordinate, given {@code Delta^2}. */
    abstract double secondMoment(double v, double squaredDelta);

    @Override
    public final StrategyState initialState(int modelSize) {
        double[] v = new double[modelSize];
        Arrays.fill(v, tau * tau);
        return new StrategyState.Moments(Weights.zeros(modelSize), Weights.of(v));
    }

    @Override
    public final Step aggregate(double[] global, List<AgentUpdate> updates, StrategyState state) {
        Deltas.check(this, global, updates);
        var moments = Deltas.state(this, state, StrategyState.Moments.class, global.length);
        double[] m = moments.first().toArray();
        double[] v = moments.second().toArray();
        double[] delta = Deltas.weightedMean(updates);
        double[] model = new double[global.length];
        for (int i = 0; i < model.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * delta[i];
            v[i] = secondMoment(v[i], delta[i] * delta[i]);
            model[i] = global[i] + eta * m[i] / (Math.sqrt(v[i]) + tau);
        }
        return new Step(model, new StrategyState.Moments(Weights.of(m), Weights.of(v)));
    }

    @Override
    public String toString() {
        return name() + options();
    }
}
