package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Weights;
import java.util.List;
import java.util.Map;

/**
 * FedAvg with server momentum (Hsu, Qi and Brown 2019, "Measuring the Effects of Non-Identical
 * Data Distribution for Federated Visual Classification", section 3): with the weighted mean
 * delta {@code Delta} as the server's (negated) pseudo-gradient,
 * <pre>
 *   v   &lt;- beta * v + Delta          (v = 0 before the first round)
 *   new  = global + server_lr * v
 * </pre>
 * With {@code beta = 0, server_lr = 1} it is {@link FedAvgStrategy}.
 *
 * <p>Defaults {@code server_lr = 1, beta = 0.9}: Hsu et al.'s momentum. Flower's FedAvgM
 * defaults to momentum 0 (plain FedAvg); 0.9 is the point of choosing this strategy. Mind the
 * effective step: once the deltas settle, v approaches {@code Delta / (1 - beta)}, ten times
 * FedAvg's step at 0.9; Hsu et al. tune {@code server_lr} together with beta. Not for runs with
 * few rounds, where the velocity never builds up, nor for noisy deltas (DP) at small server_lr
 * without checking: momentum also accumulates noise.
 */
public final class FedAvgM implements Strategy {
    static final String NAME = "fedavgm";
    static final String SUMMARY = "FedAvg with server momentum (Hsu et al. 2019)";
    static final StrategyOption SERVER_LR = StrategyOption.positive("server_lr", 1.0, "server learning rate");
    static final StrategyOption BETA = StrategyOption.fraction("beta", 0.9, 1, "server momentum");
    static final List<StrategyOption> OPTIONS = List.of(SERVER_LR, BETA);

    private final double serverLr;
    private final double beta;

    public FedAvgM() {
        this(SERVER_LR.defaultValue(), BETA.defaultValue());
    }

    public FedAvgM(double serverLr, double beta) {
        this.serverLr = SERVER_LR.check(NAME, serverLr);
        this.beta = BETA.check(NAME, beta);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return StrategyOption.values(OPTIONS, serverLr, beta);
    }

    @Override
    public StrategyState initialState(int modelSize) {
        return new StrategyState.Velocity(Weights.zeros(modelSize));
    }

    @Override
    public Step aggregate(double[] global, List<AgentUpdate> updates, StrategyState state) {
        Deltas.check(this, global, updates);
        double[] v = Deltas.state(this, state, StrategyState.Velocity.class, global.length).velocity().toArray();
        double[] mean = Deltas.weightedMean(updates);
        double[] model = new double[global.length];
        for (int i = 0; i < model.length; i++) {
            v[i] = beta * v[i] + mean[i];
            model[i] = global[i] + serverLr * v[i];
        }
        return new Step(model, new StrategyState.Velocity(Weights.of(v)));
    }

    @Override
    public String toString() {
        return NAME + options();
    }
}
