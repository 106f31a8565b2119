package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code pmad privacy} answers with the accountant's numbers, matching dp_accounting. */
class PrivacyCommandTest {

    @ParameterizedTest(name = "z={0} q={1} T={2} -> epsilon {3}")
    @CsvSource({"1, 1, 1, 4.73", "5, 1, 100, 10.73", "1, 0.1, 100, 7.90"})
    void epsilon_matchesDpAccountingWithin1Percent(double z, double q, int steps, double expected) {
        var r = CliRunner.run("privacy", "epsilon", "--noise-multiplier", String.valueOf(z), "--sample-rate", String.valueOf(q),
                "--steps", String.valueOf(steps), "--delta", "1e-5", "--json");
        assertEquals(0, r.exitCode(), r.err());
        double epsilon = r.json().get("epsilon").asDouble();
        assertEquals(expected, epsilon, expected * 0.01, "epsilon");
    }

    @ParameterizedTest(name = "target {0}")
    @ValueSource(doubles = {0.1, 0.5, 1, 2, 4, 8, 16, 50})
    void noise_meetsTheTargetWithin1PercentBelow(double target) {
        var r = CliRunner.run("privacy", "noise", "--epsilon", String.valueOf(target), "--delta", "1e-5",
                "--sample-rate", "0.01", "--steps", "1000", "--json");
        assertEquals(0, r.exitCode(), r.err());
        double z = r.json().get("noiseMultiplier").asDouble();
        var check = CliRunner.run("privacy", "epsilon", "--noise-multiplier", String.valueOf(z), "--sample-rate", "0.01",
                "--steps", "1000", "--delta", "1e-5", "--json");
        double spent = check.json().get("epsilon").asDouble();
        assertTrue(spent <= target && spent >= 0.99 * target, "epsilon " + spent + " for target " + target);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--noise-multiplier -1|--noise-multiplier",
            "--noise-multiplier 1 --delta 0|--delta",
            "--noise-multiplier 1 --delta 1|--delta",
            "--noise-multiplier 1 --sample-rate 1.5|--sample-rate",
            "--noise-multiplier 1 --steps 0|--steps"})
    void epsilon_refusesInvalidArguments(String args, String named) {
        String[] parts = ("privacy epsilon " + args).split(" ");
        var r = CliRunner.run(parts);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(named), r.err());
    }
}
