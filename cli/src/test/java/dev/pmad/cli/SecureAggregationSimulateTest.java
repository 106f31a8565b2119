package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, acceptance 1 in memory: secure aggregation trains the same model as plain FedAvg, up
 * to quantization. The plain run is given the influence bound secure runs cannot have (off), so
 * that the two differ only in how the round's updates are summed.
 */
class SecureAggregationSimulateTest {
    private static final String[] BREAST_CANCER = {"simulate", "--data", CliRunner.breastCancer(), "--label", "label",
            "--agents", "5", "--rounds", "5", "--partition", "dirichlet:0.5", "--seed", "42", "--strategy", "fedavg",
            "--sample-cap", "0", "--norm-bound", "0", "--json"};

    static String[] plus(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void secureFedAvg_reachesTheFinalLossOfPlainFedAvg_within1e4() {
        var plain = CliRunner.run(BREAST_CANCER);
        assertEquals(0, plain.exitCode(), plain.err());
        var secure = CliRunner.run(plus(BREAST_CANCER, "--secure-aggregation"));
        assertEquals(0, secure.exitCode(), secure.err());
        JsonNode p = plain.json();
        JsonNode s = secure.json();
        assertEquals("COMPLETED", s.get("outcome").asText());
        assertEquals(5, s.get("rounds").size());
        double plainLoss = p.at("/final/loss").asDouble();
        double secureLoss = s.at("/final/loss").asDouble();
        assertTrue(Math.abs(plainLoss - secureLoss) <= 1e-4, "plain " + plainLoss + " vs secure " + secureLoss);
        for (int r = 0; r < 5; r++) {
            assertEquals(5, s.at("/rounds/" + r + "/participants").size(), "round " + (r + 1) + ": " + s.at("/rounds/" + r));
            // Proof that the round was secure: no agent reported its own loss or training time.
            assertEquals(0.0, s.at("/rounds/" + r + "/slowestTrainSeconds").asDouble(), "round " + (r + 1));
            s.at("/rounds/" + r + "/agentTrainLoss").forEach(loss -> assertEquals(0.0, loss.asDouble()));
        }
        assertTrue(p.at("/rounds/0/slowestTrainSeconds").asDouble() > 0, "the plain run reports training time");
    }

    /**
     * Distributed DP (the missing part of issue 17): with central DP the agents add the noise under
     * secure aggregation, and the run is accounted as central DP's, to rounding (KLS 2021 Prop. 14).
     */
    @Test
    void distributedDp_completes_andSpendsWhatCentralDpSpends() {
        String[] central = plus(BREAST_CANCER, "--dp-mode", "central", "--dp-epsilon", "4");
        var coordinatorNoise = CliRunner.run(central);
        assertEquals(0, coordinatorNoise.exitCode(), coordinatorNoise.err());
        var distributed = CliRunner.run(plus(central, "--secure-aggregation"));
        assertEquals(0, distributed.exitCode(), distributed.err());
        JsonNode c = coordinatorNoise.json();
        JsonNode d = distributed.json();
        assertEquals("COMPLETED", d.get("outcome").asText(), d.get("reason").asText());
        assertEquals("ddp-fedavg", d.get("strategy").asText());
        assertEquals(5, d.get("rounds").size());
        double centralSpent = c.at("/privacy/epsilonSpent").asDouble();
        double distributedSpent = d.at("/privacy/epsilonSpent").asDouble();
        assertTrue(distributedSpent <= 4, "spent " + distributedSpent);
        assertEquals(centralSpent, distributedSpent, 1e-9 * centralSpent);
        assertEquals(c.at("/privacy/noiseMultiplier").asDouble(), d.at("/privacy/noiseMultiplier").asDouble());
        for (int r = 0; r < 5; r++) {
            assertEquals(5, d.at("/rounds/" + r + "/participants").size(), "round " + (r + 1));
            assertEquals(0.0, d.at("/rounds/" + r + "/slowestTrainSeconds").asDouble(), "round " + (r + 1));
        }
        // Every agent's own ledger charged the same rounds (plus its JOIN's noised counts).
        for (JsonNode agent : d.at("/privacy/agents")) {
            assertTrue(agent.get("lifetimeEpsilonSpent").asDouble() >= distributedSpent, agent.toString());
        }
    }

    @Test
    void distributedDp_inARingTooSmall_failsNamingTheBitsSetting() {
        var refused = CliRunner.run(plus(BREAST_CANCER, "--dp-mode", "central", "--dp-epsilon", "4", "--secure-aggregation",
                "--secure-aggregation-bits", "16"));
        assertTrue(refused.exitCode() != 0);
        assertTrue(refused.json().get("reason").asText().contains("SECURE_AGGREGATION_BITS=16"), refused.out());
    }

    @Test
    void secureAggregation_withKrum_isRefusedNamingBothSettings() {
        var refused = CliRunner.run(plus(new String[] {"simulate", "--data", CliRunner.breastCancer(), "--label", "label",
                "--agents", "5", "--rounds", "1", "--strategy", "krum", "--json"}, "--secure-aggregation"));
        assertTrue(refused.exitCode() != 0);
        assertTrue(refused.err().contains("STRATEGY=krum") && refused.err().contains("SECURE_AGGREGATION"), refused.err());
    }
}
