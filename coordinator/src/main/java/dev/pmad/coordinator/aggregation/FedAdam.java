package dev.pmad.coordinator.aggregation;

import java.util.List;
import java.util.Map;

/**
 * FedAdam (Reddi et al. 2021, Algorithm 2): {@code v <- beta2 * v + (1 - beta2) * Delta^2}, an
 * exponential average of squared pseudo-gradients. See {@link AdaptiveFedOpt} for the shared
 * update, the initial state and the missing bias correction.
 *
 * <p>Defaults, from Flower 1.28 {@code flwr/serverapp/strategy/fedadam.py}: {@code eta = 0.1,
 * beta1 = 0.9, beta2 = 0.99, tau = 1e-3}; the betas are also the paper's experimental setting.
 * Flower's older {@code flwr/server/strategy/fedadam.py} used {@code tau = 1e-9}, which makes the
 * step nearly eta * sign(m) on coordinates whose deltas are mostly noise; 1e-3 damps them.
 */
public final class FedAdam extends AdaptiveFedOpt {
    static final String NAME = "fedadam";
    static final String SUMMARY = "Adam on the server over the weighted mean delta (" + PAPER + ")";
    static final StrategyOption ETA = eta(0.1);
    static final StrategyOption BETA1 = beta1(0.9);
    static final StrategyOption BETA2 = beta2(0.99);
    static final StrategyOption TAU = tau(1e-3);
    static final List<StrategyOption> OPTIONS = List.of(ETA, BETA1, BETA2, TAU);

    private final double beta2;

    public FedAdam() {
        this(ETA.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), TAU.defaultValue());
    }

    public FedAdam(double eta, double beta1, double beta2, double tau) {
        super(ETA.check(NAME, eta), BETA1.check(NAME, beta1), TAU.check(NAME, tau));
        this.beta2 = BETA2.check(NAME, beta2);
    }

    @Override
    double secondMoment(double v, double squaredDelta) {
        return beta2 * v + (1 - beta2) * squaredDelta;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return StrategyOption.values(OPTIONS, eta, beta1, beta2, tau);
    }
}
