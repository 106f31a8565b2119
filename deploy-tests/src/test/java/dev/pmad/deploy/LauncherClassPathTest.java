package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The class paths bin/pmad builds from the packaged modules: the default one without Spark, and
 * the Spark one ({@code cli/target/lib} then {@code spark-agent/target/lib}) without an artifact
 * in two versions, since on a flat class path the first jar would silently win.
 */
class LauncherClassPathTest {

    @Test
    void defaultClassPath_carriesNoSpark() {
        Map<String, String> cli = artifacts("cli/target/lib");
        List<String> spark = cli.keySet().stream()
                .filter(a -> a.startsWith("org.apache.spark:") || a.startsWith("org.scala-lang:") || a.equals("dev.pmad:pmad-spark-agent"))
                .toList();
        assertEquals(List.of(), spark, "Spark must reach the class path only with USE_SPARK=true or --spark-agents");
        assertTrue(cli.containsKey("dev.pmad:pmad-agent"), "cli/target/lib holds the agent: " + cli.keySet());
    }

    @Test
    void sparkClassPath_hasEveryArtifactInOneVersion() {
        Map<String, String> cli = artifacts("cli/target/lib");
        Map<String, String> spark = artifacts("spark-agent/target/lib");
        assertTrue(spark.containsKey("org.apache.spark:spark-sql_2.13"), "spark-agent/target/lib holds Spark: " + spark.keySet());
        List<String> conflicts = new ArrayList<>();
        cli.forEach((artifact, version) -> {
            String other = spark.get(artifact);
            if (other != null && !other.equals(version)) {
                conflicts.add(artifact + ": " + version + " (cli) vs " + other + " (spark-agent)");
            }
        });
        assertEquals(List.of(), conflicts, "pin these in the parent pom's dependencyManagement");
    }

    @Test
    void buildsClassDataSharingArchive_usableByTheLauncher() throws Exception {
        // The build makes cli/target/pmad.jsa with bin/pmad itself; bin/pmad starts from it. With
        // -Xshare:on the JVM refuses to start when the archive does not fit (another class path,
        // jars newer than it), where bin/pmad's own options would ignore it without a word.
        Path archive = Repo.path("cli/target/pmad.jsa");
        assertTrue(Files.isRegularFile(archive), archive + " is missing: the cli module's package phase makes it (not with -DskipCds)");
        ProcessBuilder pb = new ProcessBuilder(Repo.path("bin/pmad").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", "-Xshare:on");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "bin/pmad with -Xshare:on and the build's archive: " + out);
        assertTrue(out.startsWith("pmad "), out);
    }

    /** groupId:artifactId to version, from each jar's Maven metadata (jars without it are left out). */
    private static Map<String, String> artifacts(String dir) {
        Path lib = Repo.path(dir);
        if (!Files.isDirectory(lib)) {
            throw new AssertionError(lib + " is missing: package the reactor first (./mvnw -DskipTests package)");
        }
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    var entries = file.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
                            && e.getName().endsWith("/pom.properties")).toList();
                    for (var entry : entries) {
                        Properties p = new Properties();
                        try (InputStream in = file.getInputStream(entry)) {
                            p.load(in);
                        }
                        String key = p.getProperty("groupId") + ":" + p.getProperty("artifactId");
                        // A shaded jar lists what it bundles too; the jar's own entry is the one
                        // whose artifactId its file name starts with.
                        if (jar.getFileName().toString().startsWith(p.getProperty("artifactId") + "-")) {
                            out.put(key, p.getProperty("version"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
