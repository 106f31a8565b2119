package dev.pmad.coordinator.aggregation;

import java.util.function.DoubleBinaryOperator;

/**
 * Flower's server-optimizer arithmetic, restated from Flower 1.28
 * ({@code framework/py/flwr/serverapp/strategy/fedopt.py}, {@code fedadagrad.py},
 * {@code fedadam.py}, {@code fedyogi.py}) to cross-check ours: m and v start at zeros;
 * {@code m = beta_1 m + (1 - beta_1) delta}; v per variant; {@code x + eta * m / (sqrt(v) + tau)}.
 * FedAdam alone scales eta by {@code sqrt(1 - beta_2^(t+1)) / (1 - beta_1^(t+1))} in server round t
 * (t from 1), passed in here as {@code eta}.
 */
final class FlowerFormulas {
    double[] x;
    final double[] m;
    final double[] v;

    FlowerFormulas(double[] x) {
        this.x = x.clone();
        this.m = new double[x.length];
        this.v = new double[x.length];
    }

    void round(double[] delta, double eta, double beta1, double tau, DoubleBinaryOperator secondMoment) {
        double[] next = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * delta[i];
            v[i] = secondMoment.applyAsDouble(v[i], delta[i] * delta[i]);
            next[i] = x[i] + eta * m[i] / (Math.sqrt(v[i]) + tau);
        }
        x = next;
    }

    /** The weighted mean deltas of {@link Rounds#first()} and {@link Rounds#second()}. */
    static final double[] FIRST = {0.3, -0.3};
    static final double[] SECOND = {1.2, 0.0};
}
