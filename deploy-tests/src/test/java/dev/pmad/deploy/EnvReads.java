package dev.pmad.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which environment variables the code reads, found in the sources rather than listed by hand,
 * so that a variable added to a service shows up here by itself.
 *
 * <p>Java ({@code <module>/src/main/java}, comments removed): {@code System.getenv("X")};
 * {@code env.get("X")} and the typed reads of {@code dev.pmad.config.Env}
 * ({@code env.string("X", ...)}, {@code env.integer}, {@code env.duration}, ...) on a receiver
 * named {@code env} or {@code environment}, or on {@code Env.system()}; helpers taking the environment first
 * ({@code value(env, "X")}, {@code number(env, "X", 15)}, {@code fromEnvironment(map, "X")}); picocli
 * defaults ({@code defaultValue = "${env:X:-8081}"}).
 * The name is a string literal or a {@code String} constant of the same file. Shell scripts:
 * {@code $X} and {@code ${X...}} for upper-case names the script does not assign itself.
 * Prosody's Lua config: {@code ENV_X}.
 */
final class EnvReads {
    private static final String NAME = "([A-Z][A-Z0-9_]*)";
    private static final String ARG = "(?:\"" + NAME + "\"|([A-Za-z_][A-Za-z0-9_]*))";
    private static final List<Pattern> JAVA_READS = List.of(
            Pattern.compile("System\\s*\\.\\s*getenv\\s*\\(\\s*" + ARG + "\\s*\\)"),
            Pattern.compile("(?:\\b(?:env|environment)|\\bEnv\\s*\\.\\s*system\\s*\\(\\s*\\))\\s*\\.\\s*(?:get|getOrDefault|containsKey"
                    + "|string|required|integer|longValue|number|bool|duration|file|path|oneOf)\\s*\\(\\s*" + ARG + "\\s*[,)]"),
            Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\s*\\(\\s*(?:env|environment|map|vars)\\s*,\\s*" + ARG + "\\s*[,)]"),
            Pattern.compile("\\bfromEnvironment\\s*\\(\\s*[A-Za-z_][A-Za-z0-9_.()]*\\s*,\\s*" + ARG + "\\s*[,)]"),
            Pattern.compile("\\$\\{env:" + NAME));
    private static final Pattern CONSTANT = Pattern.compile("\\bString\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\"" + NAME + "\"\\s*;");
    private static final Pattern SHELL_READ = Pattern.compile("\\$\\{?" + NAME);
    private static final Pattern SHELL_ASSIGN = Pattern.compile("(?m)^\\s*(?:export\\s+|readonly\\s+|local\\s+)?" + NAME + "=");
    /**
     * Set by the operating system, not PMAD configuration: read only to find executables
     * (LocalProsody looks for prosody on PATH), so the configuration table leaves them out.
     */
    static final Set<String> OPERATING_SYSTEM = Set.of("PATH", "HOME");
    private static final Pattern LUA_READ = Pattern.compile("\\bENV_" + NAME);

    private EnvReads() {}

    /** Variables read by the Java sources of every module under {@code root}: name to the files reading it. */
    static Map<String, Set<String>> javaSources(Path root) {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
                    .sorted()
                    .forEach(p -> java(Repo.read(p)).forEach(n -> out.computeIfAbsent(n, k -> new TreeSet<>())
                            .add(root.relativize(p).toString().replace('\\', '/'))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The one class allowed to ask the operating system for its environment. */
    static final String ENV_CLASS = "common-protocol/src/main/java/dev/pmad/config/Env.java";
    private static final Pattern DIRECT_READ = Pattern.compile("System\\s*\\.\\s*getenv\\s*\\(|\\$\\{env:");

    /**
     * Main Java sources that read the process's environment themselves ({@code System.getenv},
     * picocli's {@code ${env:...}} defaults) instead of through {@link #ENV_CLASS}, which is the
     * one place that parses and checks variables.
     */
    static Set<String> directReads(Path root) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> rel.matches("[^/]+/src/main/java/.*") && !rel.equals(ENV_CLASS))
                    .filter(rel -> DIRECT_READ.matcher(JavaComments.strip(Repo.read(root.resolve(rel)))).find())
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Variables one Java source reads. */
    static Set<String> java(String source) {
        String code = JavaComments.strip(source);
        Map<String, String> constants = new HashMap<>();
        Matcher c = CONSTANT.matcher(code);
        while (c.find()) constants.put(c.group(1), c.group(2));
        Set<String> names = new TreeSet<>();
        for (Pattern p : JAVA_READS) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : constants.get(m.group(2));
                if (name != null && !OPERATING_SYSTEM.contains(name)) names.add(name);
            }
        }
        return names;
    }

    /** Upper-case variables a shell script reads and does not assign itself. */
    static Set<String> shell(String script) {
        String code = script.lines().filter(l -> !l.trim().startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        Set<String> assigned = new TreeSet<>();
        Matcher a = SHELL_ASSIGN.matcher(code);
        while (a.find()) assigned.add(a.group(1));
        Set<String> names = new TreeSet<>();
        Matcher m = SHELL_READ.matcher(code);
        while (m.find()) {
            if (!assigned.contains(m.group(1))) names.add(m.group(1));
        }
        return names;
    }

    /** Variables a Prosody config reads ({@code ENV_NAME} is the environment variable NAME). */
    static Set<String> lua(String config) {
        Set<String> names = new TreeSet<>();
        Matcher m = LUA_READ.matcher(config.replaceAll("(?m)--.*$", ""));
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
