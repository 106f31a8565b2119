package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Tribuo and Spark agents in one federation (the Spark issue's first acceptance bar): 3 Tribuo
 * agents and 2 Spark agents on a real local[2] Spark, over the in-memory transport, train the
 * same model as 5 Tribuo agents with the same seed; with federated Newton, the same steps.
 */
class MixedFederationTest {
    private static final String[] BREAST_CANCER = {"simulate", "--data", CliRunner.breastCancer(), "--label", "label",
            "--agents", "5", "--rounds", "10", "--partition", "dirichlet:0.5", "--seed", "42", "--json"};

    private static String[] with(String... extra) {
        String[] args = new String[BREAST_CANCER.length + extra.length];
        System.arraycopy(BREAST_CANCER, 0, args, 0, BREAST_CANCER.length);
        System.arraycopy(extra, 0, args, BREAST_CANCER.length, extra.length);
        return args;
    }

    @Test
    void threeTribuoAndTwoSparkAgents_reachTheAllTribuoAccuracyWithinOnePoint() {
        var tribuo = CliRunner.run(with());
        assertEquals(0, tribuo.exitCode(), tribuo.err());
        var mixed = CliRunner.run(with("--spark-agents", "2"));
        assertEquals(0, mixed.exitCode(), mixed.err());

        JsonNode json = mixed.json();
        assertEquals("COMPLETED", json.get("outcome").asText());
        assertEquals(10, json.get("rounds").size());
        double all = tribuo.json().at("/final/accuracy").asDouble();
        double mix = json.at("/final/accuracy").asDouble();
        assertTrue(Math.abs(all - mix) <= 0.01, "all-Tribuo " + all + " vs 3 Tribuo + 2 Spark " + mix);
        assertTrue(mix >= 0.95, "mixed accuracy " + mix);
    }

    @Test
    void federatedNewton_withTwoSparkAgents_takesTheAllTribuoSteps() {
        // Newton's rounds sample nothing: every agent's sums are exact, so Spark agents change
        // only the summation order, and the federation lands on the same model.
        String[] newton = {"--strategy", "newton"};
        var tribuo = CliRunner.run(with(newton));
        assertEquals(0, tribuo.exitCode(), tribuo.err());
        var mixed = CliRunner.run(with(concat(newton, "--spark-agents", "2")));
        assertEquals(0, mixed.exitCode(), mixed.err());

        assertEquals("COMPLETED", mixed.json().get("outcome").asText(), mixed.err());
        assertEquals(tribuo.json().at("/final/accuracy").asDouble(), mixed.json().at("/final/accuracy").asDouble(), 0);
        assertEquals(tribuo.json().at("/final/loss").asDouble(), mixed.json().at("/final/loss").asDouble(), 1e-9);
    }

    private static String[] concat(String[] first, String... more) {
        String[] out = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, out, first.length, more.length);
        return out;
    }

    @Test
    void sparkAgents_outOfRange_isOneLineNamingTheOption() {
        var result = CliRunner.run(with("--spark-agents", "6"));
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("--spark-agents"), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
    }
}
