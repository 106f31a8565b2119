package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fedprox and scaffold through the real command line: both reach the bar on Breast
 * Cancer with their defaults, fedprox runs in every privacy mode at FedAvg's privacy cost, and
 * scaffold is refused in every DP mode with its reason.
 */
class DriftCorrectingStrategiesTest {

    private static CliRunner.Result simulate(String... extra) {
        String[] base = {"simulate", "--data", CliRunner.breastCancer(), "--agents", "5", "--partition", "dirichlet:0.5",
                "--rounds", "10", "--seed", "3", "--json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fedprox", "scaffold"})
    void withDefaults_reachesTheBreastCancerBar(String strategy) {
        CliRunner.Result r = simulate("--strategy", strategy);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("COMPLETED", r.json().get("outcome").asText());
        assertEquals(strategy, r.json().get("strategy").asText());
        double accuracy = r.json().at("/final/accuracy").asDouble();
        assertTrue(accuracy >= 0.93, strategy + ": accuracy " + accuracy);
    }

    @Test
    void fedproxInRecordMode_completesWithinTheRunsBudget() {
        // That a proximal round costs exactly a plain DP-SGD round is AgentPrivacyTest's; here, the whole run.
        CliRunner.Result r = simulate("--dp-mode", "record", "--dp-epsilon", "2", "--strategy", "fedprox");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("COMPLETED", r.json().get("outcome").asText());
        assertEquals(10, r.json().get("roundsCompleted").asInt());
        assertTrue(r.json().at("/privacy/epsilonSpent").asDouble() <= 2, r.json().at("/privacy").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "central"})
    void fedproxInLocalAndCentralMode_completes(String mode) {
        CliRunner.Result r = simulate("--dp-mode", mode, "--dp-epsilon", "8", "--strategy", "fedprox");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("COMPLETED", r.json().get("outcome").asText());
        assertEquals(10, r.json().get("roundsCompleted").asInt());
        // Central mode aggregates with DP-FedAvg's clipped, noised, uniform mean over proximal local steps.
        assertEquals(mode.equals("central") ? "dp-fedprox" : "fedprox", r.json().get("strategy").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"record", "local", "central"})
    void scaffoldInAnyDpMode_isRefusedAtStartWithItsReason(String mode) {
        CliRunner.Result r = simulate("--dp-mode", mode, "--dp-epsilon", "8", "--strategy", "scaffold");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("control-variate change") && r.err().contains("fedprox"), r.err());
    }

    @Test
    void fedproxWithALearningRateThatDiverges_isRefusedNamingTheFix() {
        CliRunner.Result r = simulate("--strategy", "fedprox", "--strategy-option", "mu=10", "--learning-rate", "0.5");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("keep learning-rate x mu below 2"), r.err());
    }
}
