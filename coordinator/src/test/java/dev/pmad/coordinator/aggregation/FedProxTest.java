package dev.pmad.coordinator.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.TrainingParams;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FedProxTest {

    @Test
    void fedprox_twoRounds_averageTheDeltasWeightedBySampleCount() {
        var steps = Rounds.twoRounds(new FedProx(0.5));
        // Round 1: [1, -1] + (1*[0.9, -0.3] + 2*[0, -0.3]) / 3 = [1, -1] + [0.3, -0.3] = [1.3, -1.3]
        assertArrayEquals(new double[] {1.3, -1.3}, steps[0].model(), 1e-12);
        // Round 2: [1.3, -1.3] + (1*[1.0, 0.5] + 1*[1.4, -0.5]) / 2 = [1.3, -1.3] + [1.2, 0] = [2.5, -1.3]
        assertArrayEquals(new double[] {2.5, -1.3}, steps[1].model(), 1e-12);
    }

    @Test
    void fedprox_aggregatesExactlyAsFedAvg_whateverItsMu() {
        var fedavg = Rounds.twoRounds(new FedAvgStrategy());
        assertArrayEquals(fedavg[1].model(), Rounds.twoRounds(new FedProx(0))[1].model(), 0);
        assertArrayEquals(fedavg[1].model(), Rounds.twoRounds(new FedProx(1))[1].model(), 0);
    }

    @Test
    void fedprox_asksEveryAgentForProximalLocalSteps_withItsMu() {
        FedProx prox = new FedProx(0.1);
        StrategyState state = prox.initialState(2);
        assertEquals(Procedure.prox(0.1), prox.procedure("agent-1", state));
        assertEquals(Procedure.prox(0.1), prox.procedure("agent-2", prox.aggregate(Rounds.global(), Rounds.first(), state).state()));
    }

    @Test
    void fedprox_runsInEveryPrivacyMode_andUnderCentralDpKeepsItsLocalSteps() {
        FedProx prox = new FedProx(0.1);
        for (PrivacyMode mode : PrivacyMode.values()) assertNull(prox.unsupported(mode), mode.wireName());
        assertEquals(Procedure.prox(0.1), prox.centralDpProcedure());
        assertEquals(Procedure.prox(0.1), new CentralDpFedAvg(1, 1, null, prox.centralDpProcedure()).procedure("agent-1"));
    }

    @Test
    void fedprox_refusesALearningRateWithWhichTheProximalTermDiverges() {
        assertNull(new FedProx(1).unsupported(new TrainingParams(1, 1.99, 1, 1)));
        String reason = new FedProx(4).unsupported(new TrainingParams(1, 0.5, 1, 1));
        assertEquals("fedprox's local steps scale the distance to the global model by 1 - learning-rate x mu = -1, which"
                + " diverges; keep learning-rate x mu below 2 (lower mu with --strategy-option mu=... or the learning rate)",
                reason);
        assertNull(new FedProx(0).unsupported(new TrainingParams(1, 100, 1, 1)));
    }

    @Test
    void fedprox_defaultMu_isLiEtAlsBestForLogisticRegression_andNegativeMuIsRefused() {
        assertEquals(Map.of("mu", 1.0), new FedProx().options());
        var e = assertThrows(IllegalArgumentException.class, () -> Strategies.parse("fedprox", Map.of("mu", "-1")));
        assertEquals("fedprox: mu must be >= 0, was -1", e.getMessage());
    }
}
