package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pmad privacy audit} for local and central mode on Breast Cancer (issue 18): canary
 * agents through the agent's release and the coordinator's noised aggregate. At epsilon 2 the
 * empirical bound stays below the claim; the same audit without noise has power; the test seam
 * that divides the noise by 10 is caught. Coins, directions and noise are seeded (--seed), so each
 * assertion checks one fixed outcome.
 */
class AgentLevelAuditTest {
    private static JsonNode audit(CommandLine.IFactory factory, String... extra) {
        String[] base = {"privacy", "audit", "--data", CliRunner.breastCancer(), "--json", "--seed", "1"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        var r = CliRunner.run(factory, args);
        assertEquals(0, r.exitCode(), r.err());
        return r.json();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "central"})
    void atEpsilon2_empiricalEpsilonStaysAtOrBelowTheClaim(String mode) {
        JsonNode out = audit(CommandLine.defaultFactory(), "--dp-mode", mode, "--dp-epsilon", "2");
        assertEquals(2.0, out.get("claimedEpsilon").asDouble());
        assertEquals(mode, out.get("view").asText());
        assertEquals("agent", out.get("canaryKind").asText());
        assertEquals(AuditCommand.DEFAULT_AGENT_CANARIES, out.get("canaries").asInt());
        // Breast Cancer's model: 2 classes x (30 features + bias) = 62 weights, so central mode
        // needs ceil(2000 / 62) = 33 runs of orthogonal canaries.
        assertEquals(62, out.get("modelSize").asInt());
        assertEquals(mode.equals("central") ? 33 : 1, out.get("runs").asInt());
        assertTrue(out.get("noiseMultiplier").asDouble() > 1, out.toString());
        double empirical = out.get("empiricalEpsilon").asDouble();
        assertTrue(empirical <= 2, "empirical " + empirical + " above the claimed 2: " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "central"})
    void modeNone_theSameAuditWithoutNoise_hasPower(String view) {
        JsonNode out = audit(CommandLine.defaultFactory(), "--dp-mode", "none", "--view", view);
        assertTrue(out.get("claimedEpsilon").isNull(), out.toString());
        double empirical = out.get("empiricalEpsilon").asDouble();
        assertTrue(empirical >= 1, "empirical " + empirical + " below 1: the audit cannot see canary agents: " + out);
        // Without noise all 1000 guesses (500 IN, 500 OUT) of 2000 canaries are right; the bound is
        // then Theorem 3.1's at significance 0.05 / 4, delta 1e-5: 5.313888027, computed
        // independently with python3 (log-space binomial tails, alpha term, bisection).
        JsonNode best = out.get("best");
        assertEquals(1000, best.get("correct").asInt(), out.toString());
        assertEquals(5.313888027, empirical, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "central"})
    void brokenMechanism_noiseDividedBy10_isCaught(String mode) {
        CommandLine.IFactory broken = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == AuditCommand.class) return type.cast(new AuditCommand(z -> z / 10));
                return CommandLine.defaultFactory().create(type);
            }
        };
        JsonNode out = audit(broken, "--dp-mode", mode, "--dp-epsilon", "2");
        double empirical = out.get("empiricalEpsilon").asDouble();
        assertTrue(empirical > 2, "noise / 10 claimed as epsilon 2 but the audit found only " + empirical + ": " + out);
    }

    @Test
    void humanSummary_namesAgentCanariesAndWhatIsSeen() {
        var r = CliRunner.run("privacy", "audit", "--data", CliRunner.breastCancer(), "--dp-mode", "central", "--dp-epsilon", "2",
                "--canaries", "100", "--seed", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("claimed epsilon    2.0000"), r.out());
        assertTrue(r.out().contains("100 agent canaries, adversary sees the noised mean"), r.out());
    }

    @Test
    void badOptions_exitWith2AndSayWhatToChange() {
        String data = CliRunner.breastCancer();
        var mismatch = CliRunner.run("privacy", "audit", "--data", data, "--dp-mode", "central", "--dp-epsilon", "1",
                "--view", "local");
        assertEquals(2, mismatch.exitCode());
        assertTrue(mismatch.err().contains("drop --view"), mismatch.err());
        var laplace = CliRunner.run("privacy", "audit", "--data", data, "--dp-mode", "local", "--dp-epsilon", "1",
                "--dp-noise", "laplace");
        assertEquals(2, laplace.exitCode());
        assertTrue(laplace.err().contains("--dp-noise gaussian"), laplace.err());
        var noneView = CliRunner.run("privacy", "audit", "--data", data, "--view", "none");
        assertEquals(2, noneView.exitCode());
        var zero = CliRunner.run("privacy", "audit", "--data", data, "--dp-mode", "local", "--dp-epsilon", "1", "--canaries", "0");
        assertEquals(2, zero.exitCode());
    }
}
