package dev.pmad.deploy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration table (docs/configuration.md): one row per environment variable, with the services that
 * read it, what it means and its default. It is the table whose header starts with
 * {@code | variable | read by |}, in docs/configuration.md (linked from the README).
 */
final class ConfigTable {
    /** The services a row may name in its "read by" cell. */
    static final Set<String> READERS = Set.of("coordinator", "agent", "demo", "prosody");
    /** The readers that are PMAD's own code ({@code pmad coordinator}, {@code pmad agent}, {@code pmad demo}). */
    static final Set<String> PMAD_READERS = Set.of("coordinator", "agent", "demo");

    record Row(String variable, Set<String> readers, String meaning, String defaultValue, int line) {
        boolean readByPmad() {
            return readers.stream().anyMatch(PMAD_READERS::contains);
        }
    }

    private static final Pattern HEADER = Pattern.compile("^\\|\\s*variable\\s*\\|\\s*read by\\s*\\|.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("^`([A-Z][A-Z0-9_]*)`$");

    private final String source;
    private final Map<String, Row> rows;
    private final List<String> problems;

    private ConfigTable(String source, Map<String, Row> rows, List<String> problems) {
        this.source = source;
        this.rows = rows;
        this.problems = problems;
    }

    /** The table in docs/configuration.md; a file without it is a problem the tests report. */
    static ConfigTable fromRepository() {
        return parse("docs/configuration.md", Repo.read("docs/configuration.md"));
    }

    static boolean hasTable(String markdown) {
        return markdown.lines().anyMatch(l -> HEADER.matcher(l.trim()).matches());
    }

    static ConfigTable parse(String source, String markdown) {
        List<String> lines = markdown.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            if (HEADER.matcher(lines.get(i).trim()).matches()) header = i;
        }
        if (header < 0) throw new IllegalArgumentException(source + " has no configuration table (| variable | read by | meaning | default |)");
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> problems = new java.util.ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).trim().startsWith("|"); i++) {
            String[] cells = cells(lines.get(i));
            String where = source + ":" + (i + 1);
            if (cells.length != 4) {
                problems.add(where + ": a row needs 4 cells (variable, read by, meaning, default), has " + cells.length);
                continue;
            }
            Matcher name = NAME.matcher(cells[0]);
            if (!name.matches()) {
                problems.add(where + ": the variable cell must be one `UPPER_CASE` name, is '" + cells[0] + "'");
                continue;
            }
            Set<String> readers = new LinkedHashSet<>();
            for (String r : cells[1].split(",")) readers.add(r.trim().toLowerCase(Locale.ROOT));
            if (!READERS.containsAll(readers)) {
                problems.add(where + ": " + name.group(1) + " is read by '" + cells[1] + "'; name services among " + READERS);
            }
            if (rows.put(name.group(1), new Row(name.group(1), readers, cells[2], cells[3], i + 1)) != null) {
                problems.add(where + ": " + name.group(1) + " has two rows");
            }
        }
        return new ConfigTable(source, rows, problems);
    }

    String source() {
        return source;
    }

    Map<String, Row> rows() {
        return rows;
    }

    /** Malformed rows. */
    List<String> problems() {
        return problems;
    }

    private static String[] cells(String line) {
        String t = line.trim();
        t = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length());
        return Arrays.stream(t.split("(?<!\\\\)\\|", -1)).map(String::trim).toArray(String[]::new);
    }
}
