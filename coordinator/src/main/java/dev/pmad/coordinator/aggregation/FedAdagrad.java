package dev.pmad.coordinator.aggregation;

import java.util.List;
import java.util.Map;

/**
 * FedAdagrad (Reddi et al. 2021, Algorithm 2): {@code v <- v + Delta^2}, so every coordinate's
 * step shrinks with the sum of its past squared pseudo-gradients. See {@link AdaptiveFedOpt} for
 * the shared update and the initial state.
 *
 * <p>Defaults, from Flower 1.28 {@code flwr/serverapp/strategy/fedadagrad.py}: {@code eta = 0.1},
 * {@code tau = 1e-3}, and {@code beta1 = 0}, which Flower fixes (classic Adagrad has no
 * momentum); Algorithm 2 allows momentum, so beta1 is an option here. Flower's older
 * {@code flwr/server/strategy/fedadagrad.py} used {@code tau = 1e-9}: with it, coordinates whose
 * deltas are tiny (rare features) take steps as large as the others.
 *
 * <p>Not for long runs at a fixed eta where the data keep moving the optimum: v only grows, so
 * the steps only shrink; {@link FedAdam} forgets.
 */
public final class FedAdagrad extends AdaptiveFedOpt {
    static final String NAME = "fedadagrad";
    static final String SUMMARY = "Adagrad on the server over the weighted mean delta (" + PAPER + ")";
    static final StrategyOption ETA = eta(0.1);
    static final StrategyOption BETA1 = beta1(0.0);
    static final StrategyOption TAU = tau(1e-3);
    static final List<StrategyOption> OPTIONS = List.of(ETA, BETA1, TAU);

    public FedAdagrad() {
        this(ETA.defaultValue(), BETA1.defaultValue(), TAU.defaultValue());
    }

    public FedAdagrad(double eta, double beta1, double tau) {
        super(ETA.check(NAME, eta), BETA1.check(NAME, beta1), TAU.check(NAME, tau));
    }

    @Override
    double secondMoment(double v, double squaredDelta) {
        return v + squaredDelta;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return StrategyOption.values(OPTIONS, eta, beta1, tau);
    }
}
