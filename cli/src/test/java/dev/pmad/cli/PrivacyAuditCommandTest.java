package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pmad privacy audit} on Breast Cancer (issue 18, acceptance 2): record mode at epsilon 2
 * stays below its claim, the same audit without noise shows it can see (power), and a mechanism
 * whose noise is divided by 10 while still claiming epsilon 2 is caught.
 */
class PrivacyAuditCommandTest {
    private static JsonNode audit(CommandLine.IFactory factory, String... extra) {
        String[] base = {"privacy", "audit", "--data", CliRunner.breastCancer(), "--json"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        var r = CliRunner.run(factory, args);
        assertEquals(0, r.exitCode(), r.err());
        return r.json();
    }

    @Test
    void recordModeAtEpsilon2_empiricalEpsilonStaysAtOrBelowTheClaim() {
        JsonNode out = audit(CommandLine.defaultFactory(), "--dp-mode", "record", "--dp-epsilon", "2");
        assertEquals(2.0, out.get("claimedEpsilon").asDouble());
        assertEquals(0.95, out.get("confidence").asDouble());
        // Every slot: 90 steps (10 rounds of ceil(569 / 64) batches) x 31 weight columns.
        assertEquals(90 * 31, out.get("canaries").asInt());
        assertTrue(out.get("guesses").size() > 0, "the guesses made are reported");
        assertTrue(out.get("noiseMultiplier").asDouble() > 0.5, out.toString());
        double empirical = out.get("empiricalEpsilon").asDouble();
        assertTrue(empirical <= 2, "empirical " + empirical + " above the claimed 2: " + out);
    }

    @Test
    void modeNone_theSameAuditWithoutNoise_hasPower() {
        JsonNode out = audit(CommandLine.defaultFactory(), "--dp-mode", "none");
        assertTrue(out.get("claimedEpsilon").isNull(), out.toString());
        double empirical = out.get("empiricalEpsilon").asDouble();
        assertTrue(empirical >= 1, "empirical " + empirical + " below 1: the audit cannot see canaries: " + out);
    }

    @Test
    void brokenMechanism_noiseDividedBy10_isCaught() {
        CommandLine.IFactory broken = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == AuditCommand.class) return type.cast(new AuditCommand(z -> z / 10));
                return CommandLine.defaultFactory().create(type);
            }
        };
        JsonNode out = audit(broken, "--dp-mode", "record", "--dp-epsilon", "2");
        double empirical = out.get("empiricalEpsilon").asDouble();
        assertTrue(empirical > 2, "noise / 10 claimed as epsilon 2 but the audit found only " + empirical + ": " + out);
    }

    @Test
    void humanSummary_namesClaimBoundAndCanaries() {
        var r = CliRunner.run("privacy", "audit", "--data", CliRunner.breastCancer(), "--dp-mode", "record", "--dp-epsilon", "2",
                "--canaries", "200");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("claimed epsilon    2.0000"), r.out());
        assertTrue(r.out().contains("empirical epsilon  "), r.out());
        assertTrue(r.out().contains("200 gradient canaries"), r.out());
    }

    @Test
    void badOptions_exitWith2AndSayWhatToChange() {
        String data = CliRunner.breastCancer();
        var view = CliRunner.run("privacy", "audit", "--data", data, "--dp-mode", "record", "--dp-epsilon", "1", "--view", "central");
        assertEquals(2, view.exitCode());
        assertTrue(view.err().contains("drop --view"), view.err());
        var tooMany = CliRunner.run("privacy", "audit", "--data", data, "--canaries", "1000000");
        assertEquals(2, tooMany.exitCode());
        assertTrue(tooMany.err().contains("lower --canaries"), tooMany.err());
        var noBudget = CliRunner.run("privacy", "audit", "--data", data, "--dp-mode", "record");
        assertEquals(2, noBudget.exitCode());
        assertTrue(noBudget.err().contains("--dp-epsilon"), noBudget.err());
        var zero = CliRunner.run("privacy", "audit", "--data", data, "--canaries", "0");
        assertEquals(2, zero.exitCode());
        var noData = CliRunner.run("privacy", "audit");
        assertEquals(2, noData.exitCode());
    }
}
