package dev.pmad.coordinator.aggregation;

import java.util.List;
import java.util.Map;

/**
 * FedYogi (Reddi et al. 2021, Algorithm 2, after Zaheer et al. 2018's Yogi):
 * {@code v <- v - (1 - beta2) * Delta^2 * sign(v - Delta^2)}. Adam's v moves toward Delta^2 by
 * (1 - beta2) of the gap; Yogi's by (1 - beta2) * Delta^2. So when the deltas shrink late in a
 * run, Adam's v (the step's denominator) collapses within a few dozen rounds while Yogi's decays
 * slowly, and the effective learning rate rises gently instead of jumping. See
 * {@link AdaptiveFedOpt} for the shared update and the initial state.
 *
 * <p>Defaults, from Flower 1.28 {@code flwr/serverapp/strategy/fedyogi.py} (and the older
 * {@code flwr/server/strategy/fedyogi.py}, which has the same): {@code eta = 0.01, beta1 = 0.9,
 * beta2 = 0.99, tau = 1e-3}.
 */
public final class FedYogi extends AdaptiveFedOpt {
    static final String NAME = "fedyogi";
    static final String SUMMARY = "Yogi on the server over the weighted mean delta (" + PAPER + ")";
    static final StrategyOption ETA = eta(0.01);
    static final StrategyOption BETA1 = beta1(0.9);
    static final StrategyOption BETA2 = beta2(0.99);
    static final StrategyOption TAU = tau(1e-3);
    static final List<StrategyOption> OPTIONS = List.of(ETA, BETA1, BETA2, TAU);

    private final double beta2;

    public FedYogi() {
        this(ETA.defaultValue(), BETA1.defaultValue(), BETA2.defaultValue(), TAU.defaultValue());
    }

    public FedYogi(double eta, double beta1, double beta2, double tau) {
        super(ETA.check(NAME, eta), BETA1.check(NAME, beta1), TAU.check(NAME, tau));
        this.beta2 = BETA2.check(NAME, beta2);
    }

    @Override
    double secondMoment(double v, double squaredDelta) {
        return v - (1 - beta2) * squaredDelta * Math.signum(v - squaredDelta);
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
