package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of a {@code .dockerignore}: Go {@code filepath.Match} per path segment, {@code **}
 * for any number of segments, {@code !} to re-include, the last matching line wins, and a pattern
 * that matches a directory excludes everything under it.
 */
final class DockerIgnore {
    private record Rule(Pattern pattern, boolean include) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            boolean include = line.startsWith("!");
            String p = (include ? line.substring(1) : line).trim();
            while (p.startsWith("/")) p = p.substring(1);
            while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
            rules.add(new Rule(Pattern.compile(regex(p)), include));
        }
        return new DockerIgnore(rules);
    }

    /** Whether {@code path} (relative to the context, with {@code /}) is left out of the build context. */
    boolean excludes(String path) {
        String p = path;
        while (p.startsWith("./")) p = p.substring(2);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        boolean excluded = false;
        for (Rule r : rules) {
            if (matchesSelfOrParent(r.pattern(), p)) excluded = !r.include();
        }
        return excluded;
    }

    private static boolean matchesSelfOrParent(Pattern pattern, String path) {
        for (String p = path; !p.isEmpty(); p = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "") {
            if (pattern.matcher(p).matches()) return true;
        }
        return false;
    }

    private static String regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                re.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
