package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The example commands of the README's quick start without Docker, as a user would copy them:
 * the lines of its {@code sh} blocks that run {@code bin/pmad simulate}, {@code centralized} or
 * {@code predict}, continuation lines joined. {@code demo} is left out: it serves until Ctrl-C.
 */
final class ReadmeExamples {
    static final String SECTION = "## Quick start (no Docker)";
    static final Set<String> COMMANDS = Set.of("simulate", "centralized", "predict");

    private ReadmeExamples() {}

    static List<String> of(String readme) {
        int start = readme.indexOf(SECTION);
        if (start < 0) throw new IllegalArgumentException("the README has no section '" + SECTION + "'");
        int end = readme.indexOf("\n## ", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> commands = new ArrayList<>();
        boolean inShell = false;
        StringBuilder pending = new StringBuilder();
        for (String line : section.lines().toList()) {
            String t = line.strip();
            if (t.startsWith("```")) {
                inShell = !inShell && t.equals("```sh");
                continue;
            }
            if (!inShell) continue;
            if (t.endsWith("\\")) {
                pending.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            String command = pending.append(t).toString().replaceAll("\\s+", " ").strip();
            pending.setLength(0);
            String[] words = command.split(" ");
            if (words.length > 1 && words[0].equals("bin/pmad") && COMMANDS.contains(words[1])) commands.add(command);
        }
        return commands;
    }
}
