package dev.pmad.coordinator.aggregation;

import static dev.pmad.coordinator.aggregation.Rounds.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every registered strategy that aggregates weight deltas promises, whatever its maths.
 * Federated Newton aggregates gradient and curvature sums instead; {@link FederatedNewtonTest}
 * holds it to the same purity and determinism.
 */
class StrategyContractTest {

    static List<String> names() {
        return Strategies.names().stream().filter(n -> !n.equals(FederatedNewton.NAME)).toList();
    }

    /** Five agents (enough for Krum's default f = 1), awkward values so rounding would show. */
    private static List<AgentUpdate> round(double shift) {
        var updates = new ArrayList<AgentUpdate>();
        for (int a = 0; a < 5; a++) {
            updates.add(update("agent-" + a, 3 + 7 * a, 0.1 * a + shift, -1.0 / (a + 3), 1e-7 * a * a, Math.PI * shift));
        }
        return updates;
    }

    @ParameterizedTest
    @MethodSource("names")
    void aggregate_doesNotMutateItsInputs(String name) {
        Strategy strategy = Strategies.parse(name);
        double[] global = {0.5, -0.25, 3, 1e-3};
        double[] globalBefore = global.clone();
        var updates = round(0.3);
        var updatesBefore = List.copyOf(updates);
        StrategyState state = strategy.aggregate(global, round(0.1), strategy.initialState(4)).state();
        StrategyState stateBefore = state;
        String stateText = state.toString();

        var step = strategy.aggregate(global, updates, state);

        assertArrayEquals(globalBefore, global, 0);
        assertEquals(updatesBefore, updates);
        assertEquals(stateBefore, state);
        assertEquals(stateText, state.toString());
        assertNotSame(global, step.model());
    }

    @ParameterizedTest
    @MethodSource("names")
    void aggregate_sameInputs_giveTheSameBits(String name) {
        double[] global = {0.5, -0.25, 3, 1e-3};
        var first = Rounds.twoRoundsOf(Strategies.parse(name), global, round(0.1), round(0.7));
        var second = Rounds.twoRoundsOf(Strategies.parse(name), global.clone(), round(0.1), round(0.7));
        assertArrayEquals(first[1].model(), second[1].model(), 0);
        assertEquals(first[1].state(), second[1].state());
    }

    @ParameterizedTest
    @MethodSource("names")
    void aggregate_identicalDeltas_moveTheModelByThatDelta_atUnitRates(String name) {
        // Every strategy's aggregate of identical deltas is that delta; the server optimizers then
        // scale it, so only check the direction for them.
        Strategy strategy = Strategies.parse(name);
        var same = List.of(update("a", 1, 0.5, -0.5), update("b", 2, 0.5, -0.5), update("c", 3, 0.5, -0.5),
                update("d", 4, 0.5, -0.5), update("e", 5, 0.5, -0.5));
        double[] model = strategy.aggregate(new double[] {0, 0}, same, strategy.initialState(2)).model();
        if (strategy instanceof AdaptiveFedOpt || strategy instanceof FedAvgM) {
            assertTrue(model[0] > 0 && model[1] < 0, name);
        } else {
            assertArrayEquals(new double[] {0.5, -0.5}, model, 1e-15, name);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void aggregate_refusesUpdatesOfTheWrongSize(String name) {
        Strategy strategy = Strategies.parse(name);
        var updates = new ArrayList<>(round(0.1));
        updates.set(2, update("agent-2", 1, 1, 2, 3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> strategy.aggregate(new double[4], updates, strategy.initialState(4)));
        assertEquals(name + ": agent agent-2 sent 3 weights, the model has 4", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("names")
    void aggregate_refusesAnEmptyRound(String name) {
        Strategy strategy = Strategies.parse(name);
        assertThrows(IllegalArgumentException.class,
                () -> strategy.aggregate(new double[4], List.of(), strategy.initialState(4)));
    }

    @ParameterizedTest
    @MethodSource("names")
    void aggregate_refusesAnotherStrategysOrAnotherSizesState(String name) {
        Strategy strategy = Strategies.parse(name);
        if (strategy.initialState(4) instanceof StrategyState.Stateless) return;
        StrategyState foreign = strategy.initialState(4) instanceof StrategyState.Velocity
                ? new StrategyState.Moments(Weights.zeros(4), Weights.zeros(4))
                : new StrategyState.Velocity(Weights.zeros(4));
        assertThrows(IllegalArgumentException.class, () -> strategy.aggregate(new double[4], round(0.1), foreign));
        assertThrows(IllegalArgumentException.class,
                () -> strategy.aggregate(new double[4], round(0.1), strategy.initialState(3)));
    }
}
