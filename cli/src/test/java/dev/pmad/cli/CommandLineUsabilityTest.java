package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a user sees when a flag is mistyped or out of range: the option named, and a way out. */
class CommandLineUsabilityTest {

    @Test
    void roundTimeout_takesTheSameDurationsAsTheVariables() {
        CliRunner.Result ok = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--agents", "2", "--rounds", "1",
                "--round-timeout", "5m", "--json");
        assertEquals(0, ok.exitCode(), ok.err());
        CliRunner.Result bad = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--round-timeout", "5x");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--round-timeout") && bad.err().contains("use seconds (300), 300s, 5m or PT5M"), bad.err());
    }

    @Test
    void mistypedOption_getsPicocliSuggestions() {
        CliRunner.Result r = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--agnets", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("did you mean") && r.err().contains("--agents"), r.err());
    }

    @Test
    void outOfRangeTrainingOptions_nameTheOption() {
        for (String[] bad : new String[][] {{"--batch-size", "0"}, {"--epochs", "0"}, {"--learning-rate", "-1"}, {"--lr-decay", "-2"}}) {
            CliRunner.Result r = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), bad[0], bad[1]);
            assertEquals(2, r.exitCode(), String.join(" ", bad));
            assertTrue(r.err().startsWith("pmad: error: " + bad[0]), r.err());
        }
    }

    @Test
    void everyCommandsHelp_rendersWithoutPicocliWarnings() {
        // A bare '%' in a description is a format conversion to picocli: it warns on stderr and
        // prints the raw text. Walk every command and subcommand, as a user asking --help would.
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        collect(new picocli.CommandLine(new Pmad()), new java.util.ArrayList<>(), paths);
        assertTrue(paths.size() > 10, "found the commands: " + paths);
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(!r.err().contains("WARN") && !r.out().contains("%n"), String.join(" ", args) + ": " + r.err());
        }
    }

    private static void collect(picocli.CommandLine command, java.util.List<String> path, java.util.List<java.util.List<String>> out) {
        out.add(path);
        for (var sub : command.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().aliases().length > 0
                    && java.util.Arrays.asList(sub.getValue().getCommandSpec().aliases()).contains(sub.getKey())) {
                continue;
            }
            java.util.List<String> next = new java.util.ArrayList<>(path);
            next.add(sub.getKey());
            collect(sub.getValue(), next, out);
        }
    }

    @Test
    void version_comesFromTheBuild_notAHardCodedString() {
        CliRunner.Result r = CliRunner.run("-V");
        assertEquals(0, r.exitCode());
        // The reactor's version, as Maven filtered it into version.properties.
        String pom = System.getProperty("pmad.project.version");
        assertTrue(pom != null && pom.matches("\\d+\\.\\d+\\.\\d+.*"), "surefire passes the pom's version: " + pom);
        assertEquals("pmad " + pom, r.out().strip());
        assertEquals(Pmad.version(), Tracking.PMAD_VERSION, "runs record the same version");
    }
}
