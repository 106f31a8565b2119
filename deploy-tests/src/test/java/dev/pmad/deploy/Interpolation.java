package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker Compose's variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}} and {@code $$} for a literal dollar. Nested expressions are not supported
 * (the deployment does not use them); an unset variable without default becomes empty, as in
 * compose.
 */
final class Interpolation {
    private static final Pattern EXPRESSION = Pattern.compile(
            "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    /** One use of a variable: {@code ${NAME:-x}} is name NAME, operator {@code :-}, operand {@code x}. */
    record Use(String name, String operator, String operand) {
        /** The value compose uses when the variable is unset: the default of {@code -} and {@code :-}, else empty. */
        String defaultValue() {
            return operator.equals("-") || operator.equals(":-") ? operand : "";
        }
    }

    private Interpolation() {}

    /** Substitutes every expression of {@code text} from {@code env}, recording each use in {@code uses}. */
    static String apply(String text, Map<String, String> env, List<Use> uses) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = "$";
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(5);
                String operator = m.group(3) == null ? "" : m.group(3);
                String operand = m.group(4) == null ? "" : m.group(4);
                uses.add(new Use(name, operator, operand));
                replacement = resolve(name, operator, operand, env);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variables used in {@code text}, in order. */
    static List<Use> uses(String text) {
        List<Use> uses = new ArrayList<>();
        apply(text, Map.of(), uses);
        return uses;
    }

    private static String resolve(String name, String operator, String operand, Map<String, String> env) {
        String value = env.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        return switch (operator) {
            case "" -> set ? value : "";
            case ":-" -> nonEmpty ? value : operand;
            case "-" -> set ? value : operand;
            case ":+" -> nonEmpty ? operand : "";
            case "+" -> set ? operand : "";
            case ":?", "?" -> {
                if (operator.equals(":?") ? nonEmpty : set) yield value;
                throw new IllegalArgumentException("variable " + name + " is required: " + operand);
            }
            default -> throw new IllegalStateException("operator " + operator);
        };
    }
}
