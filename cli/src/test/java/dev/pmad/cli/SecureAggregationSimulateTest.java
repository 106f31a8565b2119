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

    @Test
    void secureAggregation_withKrum_isRefusedNamingBothSettings() {
        var refused = CliRunner.run(plus(new String[] {"simulate", "--data", CliRunner.breastCancer(), "--label", "label",
                "--agents", "5", "--rounds", "1", "--strategy", "krum", "--json"}, "--secure-aggregation"));
        assertTrue(refused.exitCode() != 0);
        assertTrue(refused.err().contains("STRATEGY=krum") && refused.err().contains("SECURE_AGGREGATION"), refused.err());
    }
}
