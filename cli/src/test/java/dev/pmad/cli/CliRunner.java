package dev.pmad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@code pmad} in this JVM and captures what it prints. */
final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON object: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private CliRunner() {}

    static Result run(String... args) {
        return run(picocli.CommandLine.defaultFactory(), args);
    }

    /** With commands made by {@code factory}, for tests that swap a command's collaborators. */
    static synchronized Result run(picocli.CommandLine.IFactory factory, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Pmad.run(factory, args);
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The repository root: surefire sets PMAD_REPO_ROOT; otherwise walk up to the parent pom. */
    static Path repoRoot() {
        String env = System.getenv("PMAD_REPO_ROOT");
        if (env != null && Files.exists(Path.of(env, "data"))) return Path.of(env);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("data/breast_cancer_wisconsin.csv"))) dir = dir.getParent();
        if (dir == null) throw new AssertionError("cannot find the repository root (data/breast_cancer_wisconsin.csv)");
        return dir;
    }

    static String breastCancer() {
        return repoRoot().resolve("data/breast_cancer_wisconsin.csv").toString();
    }

    /**
     * A file of the shared datasets next to the repository ({@code ../shared/data}); a missing
     * file fails the test: these datasets are part of the acceptance bar.
     */
    static String shared(String name) {
        Path file = repoRoot().resolveSibling("shared").resolve("data").resolve(name);
        if (!Files.exists(file)) {
            throw new AssertionError(file + " is missing: the shared datasets must sit beside the repository in shared/data");
        }
        return file.toString();
    }
}
