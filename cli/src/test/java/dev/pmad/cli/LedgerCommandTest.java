package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.agent.privacy.PrivacyLedger;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pmad ledger show} reports what an agent's ledger holds, and refuses a bad one in one line. */
class LedgerCommandTest {
    private static final double[] ORDERS = RdpAccountant.defaultOrders();

    @TempDir Path dir;

    /** Run A: 10 subsampled Gaussian steps (q 0.01, z 1.1); run B: one Gaussian release (z 5); budget 10 at 1e-5. */
    private Path twoRuns() {
        Path file = dir.resolve("ledger.json");
        try (PrivacyLedger ledger = PrivacyLedger.open(file, true)) {
            ledger.setPolicy(10, 1e-5);
            for (int step = 1; step <= 10; step++) {
                ledger.charge("A", "step " + step, RdpAccountant.subsampledGaussianRdp(0.01, 1.1, ORDERS));
            }
            ledger.charge("B", "round 1 update", RdpAccountant.subsampledGaussianRdp(1, 5, ORDERS));
        }
        return file;
    }

    private static double spent(double delta) {
        var accountant = new RdpAccountant();
        accountant.composeSubsampledGaussian(0.01, 1.1, 10);
        accountant.composeGaussian(5, 1);
        return accountant.epsilon(delta);
    }

    @Test
    void show_twoRuns_printsBothRunsAndSpentAndRemaining() {
        Path file = twoRuns();
        var r = CliRunner.run("ledger", "show", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        double spent = spent(1e-5);
        assertTrue(r.out().contains("privacy ledger " + file), r.out());
        assertTrue(r.out().contains("policy: epsilon budget 10.0000 (recorded) at delta 1.0e-05 (recorded)"), r.out());
        assertTrue(r.out().contains("run A: 10 releases, "), r.out());
        assertTrue(r.out().contains("(last: step 10)"), r.out());
        assertTrue(r.out().contains("run B: 1 release, "), r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "spent: epsilon %.4f at delta 1.0e-05", spent)), r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "remaining: epsilon %.4f of 10.0000", 10 - spent)), r.out());
    }

    @Test
    void show_json_hasTheDocumentedKeysAndTheAccountantsNumbers() {
        Path file = twoRuns();
        var r = CliRunner.run("ledger", "show", file.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = r.json();
        assertEquals(Set.of("file", "delta", "epsilonBudget", "epsilonSpent", "epsilonRemaining", "runs"), keys(out));
        assertEquals(file.toString(), out.get("file").asText());
        assertEquals(1e-5, out.get("delta").asDouble());
        assertEquals(10, out.get("epsilonBudget").asDouble());
        double spent = spent(1e-5);
        assertEquals(spent, out.get("epsilonSpent").asDouble(), spent * 1e-9);
        assertEquals(10 - spent, out.get("epsilonRemaining").asDouble(), 1e-9);
        assertEquals(2, out.get("runs").size());
        JsonNode a = out.get("runs").get(0);
        assertEquals(Set.of("runId", "releases", "first", "last", "epsilonSpent"), keys(a));
        assertEquals("A", a.get("runId").asText());
        assertEquals(10, a.get("releases").asInt());
        var runA = new RdpAccountant();
        runA.composeSubsampledGaussian(0.01, 1.1, 10);
        assertEquals(runA.epsilon(1e-5), a.get("epsilonSpent").asDouble(), 1e-9);
        assertEquals("B", out.get("runs").get(1).get("runId").asText());
    }

    @Test
    void show_optionsOverrideThePolicy_andRemainingStopsAtZero() {
        Path file = twoRuns();
        var r = CliRunner.run("ledger", "show", file.toString(), "--delta", "1e-6", "--epsilon", "0.5", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = r.json();
        assertEquals(1e-6, out.get("delta").asDouble());
        assertEquals(0.5, out.get("epsilonBudget").asDouble());
        assertEquals(spent(1e-6), out.get("epsilonSpent").asDouble(), 1e-9);
        assertEquals(0, out.get("epsilonRemaining").asDouble());
    }

    @Test
    void show_withoutAPolicyOrDelta_asksForDelta() {
        Path file = dir.resolve("fresh.json");
        PrivacyLedger.open(file, true).close();
        var r = CliRunner.run("ledger", "show", file.toString());
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("pmad: error: "), r.err());
        assertTrue(r.err().contains("--delta"), r.err());
        var withDelta = CliRunner.run("ledger", "show", file.toString(), "--delta", "1e-5");
        assertEquals(0, withDelta.exitCode(), withDelta.err());
        assertTrue(withDelta.out().contains("runs: none"), withDelta.out());
        assertTrue(withDelta.out().contains("no epsilon budget recorded"), withDelta.out());
    }

    @Test
    void show_whileAnAgentHoldsTheLedger_works() {
        Path file = twoRuns();
        try (PrivacyLedger agent = PrivacyLedger.open(file, false)) {
            var r = CliRunner.run("ledger", "show", agent.file().toString(), "--json");
            assertEquals(0, r.exitCode(), r.err());
        }
    }

    @Test
    void show_corruptFile_exits2WithOneLineNamingTheFile() throws Exception {
        Path file = twoRuns();
        String text = Files.readString(file);
        Files.writeString(file, text.replace("\"releases\": 10", "\"releases\": 1"));
        var r = CliRunner.run("ledger", "show", file.toString());
        assertEquals(2, r.exitCode(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("pmad: error: privacy ledger " + file + " is corrupt: checksum mismatch"), r.err());
    }

    @Test
    void show_missingFile_exits2NamingIt() {
        Path file = dir.resolve("absent.json");
        var r = CliRunner.run("ledger", "show", file.toString());
        assertEquals(2, r.exitCode(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("pmad: error: no privacy ledger at " + file), r.err());
        assertTrue(Files.notExists(file));
    }

    @Test
    void show_badOptions_exit2() {
        Path file = twoRuns();
        for (String[] args : List.of(new String[] {"--delta", "1"}, new String[] {"--epsilon", "-1"},
                new String[] {"--delta", "lots"}, new String[] {})) {
            List<String> line = new ArrayList<>(List.of("ledger", "show"));
            if (args.length > 0) line.add(file.toString());
            line.addAll(List.of(args));
            var r = CliRunner.run(line.toArray(String[]::new));
            assertEquals(2, r.exitCode(), String.join(" ", line) + ": " + r.err());
            assertTrue(r.err().startsWith("pmad: error: "), r.err());
        }
        var missing = CliRunner.run("ledger", "show");
        assertTrue(missing.err().contains("(see 'pmad ledger show --help')"), missing.err());
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
