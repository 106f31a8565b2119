package dev.pmad.cli.xmpp;

import java.time.Duration;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code pmad} command ({@code agent}, {@code coordinator}, ...) in its own OS process, as in
 * a deployment: configured only by environment variables, its stdout and stderr in files of the
 * test's directory. Within {@code mvn test} the jar is not packaged yet, so it runs the test's own
 * class path.
 */
public final class PmadProcess implements AutoCloseable {
    /** Small, quick-starting JVMs: a test may run six of them on two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "-Xmx256m");
    /**
     * A Spark agent: Spark refuses to start below about 450 MiB of heap, and needs the JDK
     * internals opened that bin/pmad opens (the pom passes the list as pmad.spark.jvm.options).
     */
    private static final List<String> SPARK_JVM_OPTIONS = sparkJvmOptions();

    private static List<String> sparkJvmOptions() {
        String opens = System.getProperty("pmad.spark.jvm.options", "");
        if (opens.isBlank()) throw new IllegalStateException("pmad.spark.jvm.options is not set: run the tests through Maven");
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmx768m"));
        options.addAll(List.of(opens.trim().split("\\s+")));
        return options;
    }

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private PmadProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code pmad ARGS} with only {@code env} in its environment, plus this process's PATH,
     * HOME and LANG unless {@code env} sets them; logs go to {@code dir/NAME.out} and {@code .err}.
     */
    public static PmadProcess start(String name, Map<String, String> env, Path dir, String... args) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if ("true".equals(env.get("USE_SPARK"))) {
            line.addAll(SPARK_JVM_OPTIONS);
        } else {
            line.addAll(JVM_OPTIONS);
        }
        line.addAll(List.of("-cp", classPath(), "dev.pmad.cli.Pmad"));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG"));
        builder.environment().putAll(env);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        try {
            return new PmadProcess(name, builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + line, e);
        }
    }

    String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or an OOM kill would: no goodbye to the server or the coordinator. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to exit and returns its exit code; fails the test after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s; stderr:\n" + tail(40));
        }
        return process.exitValue();
    }

    /** Waits until stderr holds {@code count} lines containing {@code fragment}. */
    void awaitLogLines(String fragment, int count, Duration timeout) {
        await().atMost(timeout).untilAsserted(() -> assertTrue(() -> lines(fragment).size() >= count, () -> count + " lines with '" + fragment + "' in " + name + "'s log; it has:\n" + tail(40)));
    }

    List<String> lines(String fragment) {
        return stderr().lines().filter(l -> l.contains(fragment)).toList();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    public String tail(int lines) {
        List<String> all = stderr().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Surefire's real test class path; {@code java.class.path} may be just its booter jar. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
