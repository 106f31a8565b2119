package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** --strategy through the real command line: every strategy trains, and bad choices are refused with a reason. */
class StrategyCommandTest {

    private static CliRunner.Result simulate(String... extra) {
        String[] base = {"simulate", "--data", CliRunner.breastCancer(), "--agents", "5", "--partition", "dirichlet:0.5",
                "--rounds", "10", "--seed", "3", "--json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"newton", "fedavg", "fedavgm", "fedadagrad", "fedadam", "fedyogi", "fedprox", "scaffold", "fedmedian", "fedtrimmedavg", "krum"})
    void everyStrategy_withItsDefaults_reaches93PercentOnBreastCancer(String strategy) {
        CliRunner.Result r = simulate("--strategy", strategy);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("COMPLETED", r.json().get("outcome").asText());
        assertEquals(strategy, r.json().get("strategy").asText());
        double accuracy = r.json().at("/final/accuracy").asDouble();
        assertTrue(accuracy >= 0.93, strategy + ": accuracy " + accuracy + " (the bar: 0.93 with default hyper-parameters)");
    }

    @Test
    void strategyOptions_reachTheStrategy_andBadOnesAreRefusedNamingThem() {
        assertEquals(0, simulate("--strategy", "fedadam", "--strategy-option", "eta=0.05").exitCode());
        CliRunner.Result unknown = simulate("--strategy", "fedsgd");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown strategy 'fedsgd'") && unknown.err().contains("fedadam"), unknown.err());
        CliRunner.Result badOption = simulate("--strategy", "fedtrimmedavg", "--strategy-option", "beta=0.7");
        assertEquals(2, badOption.exitCode());
        assertTrue(badOption.err().contains("beta must be in [0, 0.5), was 0.7"), badOption.err());
    }

    @Test
    void krumWithTooFewAgents_andRobustRulesUnderCentralDp_areRefusedAtStart() {
        CliRunner.Result krum = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--agents", "3", "--strategy",
                "krum", "--json");
        assertEquals(2, krum.exitCode());
        assertTrue(krum.err().contains("MIN_AGENTS"), krum.err());
        CliRunner.Result central = simulate("--strategy", "fedmedian", "--dp-mode", "central", "--dp-epsilon", "8");
        assertEquals(2, central.exitCode());
        assertTrue(central.err().contains("not available with DP_MODE=central"), central.err());
    }

    @Test
    void defaultStrategy_isNewton_andLandsOnTheCentralizedOptimumUnderLabelSkew() {
        for (String seed : new String[] {"1", "2", "3"}) {
            String[] options = {"--data", CliRunner.breastCancer(), "--agents", "5", "--partition", "dirichlet:0.5",
                    "--rounds", "10", "--seed", seed, "--json"};
            CliRunner.Result federated = CliRunner.run(concat("simulate", options));
            assertEquals(0, federated.exitCode(), federated.err());
            assertEquals("newton", federated.json().get("strategy").asText());
            CliRunner.Result centralized = CliRunner.run(concat("centralized", options));
            assertEquals(0, centralized.exitCode(), centralized.err());
            double fed = federated.json().at("/final/accuracy").asDouble();
            double cen = centralized.json().at("/final/accuracy").asDouble();
            assertTrue(Math.abs(fed - cen) <= 0.01, "seed " + seed + ": federated " + fed + " vs centralized " + cen);
            double fedLoss = federated.json().at("/final/loss").asDouble();
            double cenLoss = centralized.json().at("/final/loss").asDouble();
            assertEquals(cenLoss, fedLoss, 1e-4, "seed " + seed + ": held-out loss of the two models");
        }
    }

    @Test
    void defaultStrategy_inLocalOrCentralMode_isFedavg_andNewtonThereIsRefusedWithAReason() {
        CliRunner.Result local = simulate("--dp-mode", "local", "--dp-epsilon", "8");
        assertEquals(0, local.exitCode(), local.err());
        assertEquals("fedavg", local.json().get("strategy").asText());
        CliRunner.Result newton = simulate("--strategy", "newton", "--dp-mode", "local", "--dp-epsilon", "8");
        assertEquals(2, newton.exitCode());
        assertTrue(newton.err().contains("newton") && newton.err().contains("fedavg"), newton.err());
    }

    private static String[] concat(String command, String[] options) {
        String[] args = new String[options.length + 1];
        args[0] = command;
        System.arraycopy(options, 0, args, 1, options.length);
        return args;
    }
}
