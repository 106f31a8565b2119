package dev.pmad.coordinator.aggregation;

import dev.pmad.protocol.Weights;
import java.util.List;

/**
 * Shared fixtures for the strategy tests: two rounds on a two-weight model whose weighted mean
 * deltas are easy to follow by hand.
 */
final class Rounds {
    private Rounds() {}

    /**
     * A delta, with an all-zero control-variate change of its size: what a SCAFFOLD agent sends
     * beside it, and what every other strategy ignores.
     */
    static AgentUpdate update(String agent, int samples, double... delta) {
        return withControl(agent, samples, delta, new double[delta.length]);
    }

    /** A delta and a control-variate change (SCAFFOLD). */
    static AgentUpdate withControl(String agent, int samples, double[] delta, double[] control) {
        return new AgentUpdate(agent, Weights.of(delta), samples, 0, 0, 0, Weights.zeros(0), Weights.zeros(0),
                Weights.of(control));
    }

    /** The global model before round 1. */
    static double[] global() {
        return new double[] {1.0, -1.0};
    }

    /**
     * Weighted mean (1*[0.9, -0.3] + 2*[0, -0.3]) / 3 = [0.3, -0.3]; unweighted it would be
     * [0.45, -0.3].
     */
    static List<AgentUpdate> first() {
        return List.of(update("a", 1, 0.9, -0.3), update("b", 2, 0.0, -0.3));
    }

    /** Weighted mean (1*[1.0, 0.5] + 1*[1.4, -0.5]) / 2 = [1.2, 0]. */
    static List<AgentUpdate> second() {
        return List.of(update("a", 1, 1.0, 0.5), update("b", 1, 1.4, -0.5));
    }

    /** Rounds 1 and 2 from {@link #global()} and the strategy's initial state. */
    static Strategy.Step[] twoRounds(Strategy strategy) {
        return twoRounds(strategy, strategy, strategy.initialState(2));
    }

    /** Round 1 with {@code first}, round 2 with {@code second}, passing the state along. */
    static Strategy.Step[] twoRounds(Strategy first, Strategy second, StrategyState initial) {
        Strategy.Step one = first.aggregate(global(), first(), initial);
        Strategy.Step two = second.aggregate(one.model(), second(), one.state());
        return new Strategy.Step[] {one, two};
    }

    static double[] first(StrategyState state) {
        return ((StrategyState.Moments) state).first().toArray();
    }

    static double[] second(StrategyState state) {
        return ((StrategyState.Moments) state).second().toArray();
    }

    /** Two rounds from {@code global} and the initial state, with the given updates. */
    static Strategy.Step[] twoRoundsOf(Strategy strategy, double[] global, List<AgentUpdate> first,
                                       List<AgentUpdate> second) {
        Strategy.Step one = strategy.aggregate(global, first, strategy.initialState(global.length));
        Strategy.Step two = strategy.aggregate(one.model(), second, one.state());
        return new Strategy.Step[] {one, two};
    }
}
