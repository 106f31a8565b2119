package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid privacy settings are refused before anything runs, naming the setting. */
class PrivacySettingsValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--dp-mode central --dp-epsilon -1|--dp-epsilon",
            "--dp-mode central --dp-epsilon NaN|--dp-epsilon",
            "--dp-mode central --dp-epsilon 1 --dp-delta 0|--dp-delta",
            "--dp-mode central --dp-epsilon 1 --dp-delta 1|--dp-delta",
            "--dp-mode central --dp-epsilon 1 --dp-delta 1.5|--dp-delta",
            "--dp-mode record --dp-epsilon 1 --dp-delta 0.02|--dp-delta",
            "--dp-mode central --dp-epsilon 1 --dp-clip 0|--dp-clip",
            "--dp-mode central --dp-epsilon 1 --dp-clip -2|--dp-clip",
            "--dp-mode sideways --dp-epsilon 1|--dp-mode",
            "--dp-mode central|--dp-epsilon",
            "--dp-mode none --dp-epsilon 2|--dp-mode",
            "--dp-mode central --dp-epsilon 1 --dp-noise laplace|--dp-noise",
            "--dp-mode central --dp-epsilon 1 --dp-clip often|--dp-clip must be a number or adaptive",
            "--dp-mode central --dp-epsilon 1 --dp-clip adaptive:1.5|--dp-clip=adaptive:1.5: the quantile must be in (0, 1)",
            "--dp-mode central --dp-epsilon 1 --dp-clip adaptive:0.5:0|--dp-clip must be a positive number",
            "--dp-mode central --dp-epsilon 1 --dp-clip adaptive:0.5:1:2|--dp-clip=adaptive:0.5:1:2 is not",
            "--dp-mode local --dp-epsilon 1 --dp-clip adaptive|--dp-clip=adaptive is only available with --dp-mode=central, not local",
            "--dp-mode record --dp-epsilon 1 --dp-clip adaptive:0.5|--dp-clip=adaptive is only available with --dp-mode=central, not record",
            "--dp-mode none --dp-clip adaptive|--dp-clip=adaptive is only available with --dp-mode=central, not none"})
    void simulate_refusesInvalidPrivacySettings(String options, String named) {
        String base = "simulate --data " + CliRunner.breastCancer() + " --agents 5 --rounds 2 --json ";
        var r = CliRunner.run((base + options).split(" "));
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains(named), "'" + named + "' not named in: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
