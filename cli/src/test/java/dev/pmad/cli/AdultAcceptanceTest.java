package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * UCI Adult: 8 categorical columns with missing values, a separate test file. Under strong label
 * skew plain FedAvg with a constant step plateaus below the centralized model (client drift);
 * the default strategy, federated Newton, does not drift: it lands on the centralized optimum.
 * BENCHMARKS.md records the same commands.
 */
class AdultAcceptanceTest {
    private static final String[] DATA = {"--data", CliRunner.shared("adult_train.csv"), "--test-data",
            CliRunner.shared("adult_test.csv"), "--label", "label", "--agents", "5", "--partition", "dirichlet:0.5",
            "--rounds", "10", "--json"};

    @Test
    void adult_defaults_landOnTheOptimumForEverySeed_underLabelSkew() {
        double sum = 0;
        for (int seed = 1; seed <= 5; seed++) {
            var run = CliRunner.run(concat("simulate", concat("--seed", concat(String.valueOf(seed), DATA))));
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("newton", run.json().get("strategy").asText());
            double accuracy = run.json().at("/final/accuracy").asDouble();
            assertTrue(accuracy >= 0.835, "seed " + seed + ": accuracy " + accuracy);
            sum += accuracy;
        }
        assertTrue(sum / 5 >= 0.845, "mean accuracy " + sum / 5);
    }

    @Test
    void adult_recordDpAtEpsilon1_withTheDefaultStrategy_reaches83Percent() {
        var run = CliRunner.run(concat("simulate", concat("--seed", concat("1", concat("--dp-mode", concat("record",
                concat("--dp-epsilon", concat("1", DATA))))))));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("newton", run.json().get("strategy").asText());
        double accuracy = run.json().at("/final/accuracy").asDouble();
        assertTrue(accuracy >= 0.83, "accuracy " + accuracy);
        assertTrue(run.json().at("/privacy/epsilonSpent").asDouble() <= 1.0 + 1e-9, run.json().at("/privacy").toString());
    }

    @Test
    void adult_fedavgWithTunedSgd_reaches83Percent_within1point5OfCentralized() {
        String[] options = {"--data", CliRunner.shared("adult_train.csv"), "--test-data", CliRunner.shared("adult_test.csv"),
                "--label", "label", "--agents", "5", "--partition", "dirichlet:0.5", "--seed", "42", "--rounds", "20",
                "--strategy", "fedavg",
                "--batch-size", "64", "--learning-rate", "0.1", "--lr-decay", "1", "--json"};
        var federated = CliRunner.run(concat("simulate", options));
        assertEquals(0, federated.exitCode(), federated.err());
        var centralized = CliRunner.run(concat("centralized", options));
        assertEquals(0, centralized.exitCode(), centralized.err());
        double fed = federated.json().at("/final/accuracy").asDouble();
        double cen = centralized.json().at("/final/accuracy").asDouble();
        assertEquals(16281, federated.json().at("/final/n").asLong(), "evaluated on the whole test file");
        assertTrue(fed >= 0.83, "federated accuracy " + fed);
        assertTrue(Math.abs(fed - cen) <= 0.015, "federated " + fed + " vs centralized " + cen);
    }

    @Test
    void adult_centralized_isTheExactOptimum_atLeast85Percent() {
        var centralized = CliRunner.run("centralized", "--data", CliRunner.shared("adult_train.csv"), "--test-data",
                CliRunner.shared("adult_test.csv"), "--agents", "5", "--partition", "dirichlet:0.5", "--seed", "1", "--json");
        assertEquals(0, centralized.exitCode(), centralized.err());
        var json = centralized.json();
        double accuracy = json.at("/final/accuracy").asDouble();
        assertTrue(accuracy >= 0.850, "centralized accuracy " + accuracy + " (scikit-learn's optimum: 0.853)");
        assertEquals("exact", json.get("solver").asText());
        assertTrue(json.get("gradientNorm").asDouble() < 1e-6, "gradient norm " + json.get("gradientNorm"));
    }

    private static String[] concat(String first, String[] options) {
        String[] args = new String[options.length + 1];
        args[0] = first;
        System.arraycopy(options, 0, args, 1, options.length);
        return args;
    }
}
