package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into stages and instructions: comments dropped, continuation lines joined,
 * global {@code ARG} defaults substituted in {@code FROM}. Enough for the rules to check; not a
 * full parser (no heredocs, which the deployment does not use).
 */
final class DockerfileModel {
    /** One instruction: keyword upper-cased, its arguments as written, its first line number. */
    record Instruction(String keyword, String arguments, int line) {
        /** Arguments split on blanks, without {@code --flag} options. */
        List<String> words() {
            return List.of(arguments.trim().split("\\s+")).stream().filter(w -> !w.startsWith("--")).toList();
        }

        /** The value of an option such as {@code --from=build}, or null. */
        String option(String name) {
            Matcher m = Pattern.compile("(?:^|\\s)--" + Pattern.quote(name) + "=(\\S+)").matcher(arguments);
            return m.find() ? m.group(1) : null;
        }
    }

    /** A build stage: the image or stage it starts from, its alias (or null) and its instructions. */
    record Stage(String base, String alias, int line, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    private static final Pattern ARG_REF = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}?");

    private final List<Stage> stages;

    private DockerfileModel(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    static DockerfileModel parse(String text) {
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction i : instructions(text)) {
            if (i.keyword().equals("FROM")) {
                List<String> w = i.words();
                String base = substitute(w.get(0), globalArgs);
                String alias = w.size() >= 3 && w.get(1).equalsIgnoreCase("AS") ? w.get(2) : null;
                current = new ArrayList<>();
                stages.add(new Stage(base, alias, i.line(), current));
            } else if (current == null) {
                if (i.keyword().equals("ARG")) {
                    String[] kv = i.arguments().trim().split("=", 2);
                    globalArgs.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            } else {
                current.add(i);
            }
        }
        if (stages.isEmpty()) throw new IllegalArgumentException("the Dockerfile has no FROM");
        return new DockerfileModel(stages);
    }

    List<Stage> stages() {
        return stages;
    }

    /** The stage that makes the image. */
    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The stage with this alias, or null. */
    Stage stage(String alias) {
        return stages.stream().filter(s -> alias.equals(s.alias())).findFirst().orElse(null);
    }

    /**
     * What an image built from {@code stage} runs: the instructions of the stages it starts from
     * ({@code FROM base}), then its own, since an image inherits its base's USER, ENTRYPOINT and files.
     */
    List<Instruction> inherited(Stage stage) {
        List<Instruction> out = new ArrayList<>();
        Stage parent = isStage(stage.base(), stage) ? stage(stage.base()) : null;
        if (parent != null) out.addAll(inherited(parent));
        out.addAll(stage.instructions());
        return out;
    }

    /** The instructions of {@link #inherited} with this keyword. */
    List<Instruction> inherited(Stage stage, String keyword) {
        return inherited(stage).stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The image a stage starts from in the end, through the stages it is built on. */
    String baseImage(Stage stage) {
        return isStage(stage.base(), stage) ? baseImage(stage(stage.base())) : stage.base();
    }

    /** Whether {@code image} names an earlier stage of this file rather than an image. */
    boolean isStage(String image, Stage before) {
        for (Stage s : stages) {
            if (s == before) return false;
            if (image.equals(s.alias())) return true;
        }
        return false;
    }

    private static List<Instruction> instructions(String text) {
        List<Instruction> out = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        StringBuilder pending = null;
        int start = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (pending == null && trimmed.isEmpty())) continue;
            if (pending == null) {
                pending = new StringBuilder();
                start = n + 1;
            }
            boolean continues = trimmed.endsWith("\\");
            pending.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String joined = pending.toString().trim();
                int space = joined.indexOf(' ');
                out.add(new Instruction((space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT),
                        space < 0 ? "" : joined.substring(space + 1).trim(), start));
                pending = null;
            }
        }
        return out;
    }

    private static String substitute(String s, Map<String, String> args) {
        Matcher m = ARG_REF.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = args.get(m.group(1));
            if (v == null || v.isEmpty()) v = m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
