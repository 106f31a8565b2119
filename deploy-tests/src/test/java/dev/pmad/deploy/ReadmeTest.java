package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README as a new user meets it: short, its links lead somewhere, and the quick start's
 * {@code simulate}, {@code centralized} and {@code predict} examples succeed as written from a
 * built checkout. This module's tests run after the cli module is packaged (see its pom), so
 * {@code bin/pmad} finds the jar, as it does for a user after {@code ./mvnw package}.
 */
class ReadmeTest {
    private static final String README = Repo.read("README.md");
    private static final Pattern LOCAL_LINK = Pattern.compile("\\]\\((?!https?:|mailto:|#)([^)#\\s]+)(?:#[^)]*)?\\)");

    @Test
    void readme_isUnder15KB() {
        long bytes = README.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 15 * 1024, "README.md has " + bytes + " bytes: move detail into docs/ and link to it");
    }

    @Test
    void everyLocalLink_leadsToAFile() {
        List<String> broken = new ArrayList<>();
        Matcher m = LOCAL_LINK.matcher(README);
        while (m.find()) {
            if (!Files.exists(Repo.path(m.group(1)))) broken.add(m.group(1));
        }
        assertEquals(List.of(), broken, "README.md links to files that do not exist");
    }

    @Test
    void examples_areFoundInTheQuickStart() {
        List<String> examples = ReadmeExamples.of(README);
        assertTrue(examples.stream().anyMatch(c -> c.startsWith("bin/pmad simulate ")), "no simulate example in " + examples);
        assertTrue(examples.stream().anyMatch(c -> c.startsWith("bin/pmad predict ")), "no predict example in " + examples);
    }

    @Test
    void extraction_joinsContinuationLines_andKeepsOnlyTheRunnableCommands() {
        String readme = """
                ## Quick start (no Docker)
                ```sh
                bin/pmad demo                     # serves until Ctrl-C
                bin/pmad simulate --data d.csv \\
                  --rounds 2
                ```
                ```
                bin/pmad predict --model m --data d.csv
                ```
                ## Later
                ```sh
                bin/pmad predict --model m --data other.csv
                ```
                """;
        assertEquals(List.of("bin/pmad simulate --data d.csv --rounds 2"), ReadmeExamples.of(readme));
    }

    /**
     * Runs each example with {@code sh}, as written, in a directory that looks like a fresh
     * checkout ({@code bin}, {@code cli} and {@code data} linked to this one's) so that the run
     * files and predictions land there. The one substitution: {@code <run-id>} becomes the id of
     * the run the examples made, as a reader would fill it in.
     */
    @Test
    void quickStartExamples_succeedAsWritten(@TempDir Path checkout) throws Exception {
        Path jar = Repo.path("cli/target/pmad-cli.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: package the reactor first (./mvnw -DskipTests package)");
        for (String dir : List.of("bin", "cli", "data")) Files.createSymbolicLink(checkout.resolve(dir), Repo.path(dir));
        try {
            runAll(checkout);
        } finally {
            // Unlinked here, so that cleaning up the temporary directory never follows them.
            for (String dir : List.of("bin", "cli", "data")) Files.deleteIfExists(checkout.resolve(dir));
        }
    }

    private static void runAll(Path checkout) throws Exception {
        for (String example : ReadmeExamples.of(README)) {
            String command = example;
            if (command.contains("<run-id>")) command = command.replace("<run-id>", lastRun(checkout.resolve("runs")));
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(checkout.toFile()).redirectErrorStream(true)
                    .redirectOutput(checkout.resolve("output.txt").toFile());
            // A new user's environment: none of the variables that would send runs elsewhere or turn on Spark.
            pb.environment().keySet().retainAll(Set.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR"));
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("'" + command + "' did not finish in 5 minutes");
            }
            String output = Files.readString(checkout.resolve("output.txt"));
            assertEquals(0, p.exitValue(), "README example '" + command + "' failed:\n" + output);
        }
        Path predictions = checkout.resolve("predictions.csv");
        assertTrue(Files.isRegularFile(predictions), "the predict example writes predictions.csv");
        assertTrue(Files.readAllLines(predictions).get(0).contains("prediction"), "predictions.csv has a prediction column");
    }

    /** The id of the newest run in {@code runs}: the directory a reader would look up. */
    private static String lastRun(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).max(String::compareTo)
                    .orElseThrow(() -> new AssertionError("no run in " + runs + " before the example that needs one"));
        }
    }
}
