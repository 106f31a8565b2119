package dev.pmad.agent.export;

import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.Standardization;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code MODEL_CARD.md}: what a person taking the model home needs to know on one page: where it
 * comes from (run, date, strategy, privacy spent, data sizes, final metrics), what it takes (the
 * schema's columns, their ranges, categories and scaling, how missing values are treated), what
 * it returns, and the files beside it. The same facts, machine-readable, are in {@code MLmodel}'s
 * metadata.
 */
final class ModelCard {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int CATEGORIES_SHOWN = 12;

    private ModelCard() {}

    static String markdown(Schema schema, Standardization standardization, ModelFacts facts) {
        var md = new StringBuilder();
        md.append("# Model card: PMAD run ").append(facts.runId()).append("\n\n");
        md.append("Multinomial logistic regression trained by a PMAD federation: each agent trained on its own rows, and only")
                .append(" model updates and aggregate counts left it.\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "run", "`" + facts.runId() + "`");
        row(md, "created", DATE.format(facts.created()));
        if (!facts.pmadVersion().isEmpty()) row(md, "PMAD version", facts.pmadVersion());
        if (!facts.outcome().isEmpty()) row(md, "outcome", facts.outcome() + " after " + facts.rounds() + " rounds");
        if (facts.agents() > 0) row(md, "agents", Integer.toString(facts.agents()));
        if (!facts.strategy().isEmpty()) row(md, "strategy", "`" + facts.strategy() + "`");
        row(md, "privacy", facts.withoutPrivacy() ? "none: no differential privacy was applied"
                : "`" + facts.privacyMode() + "` differential privacy, epsilon spent " + number(facts.epsilonSpent())
                        + " at delta " + number(facts.delta()));
        if (facts.trainRows() != null) row(md, "training rows", facts.trainRows() + " (as the agents declared them)");
        row(md, "evaluation rows", Long.toString(facts.evaluationRows()));
        facts.metrics().forEach((name, value) -> row(md, "final " + name, number(value)));
        md.append("\n## Inputs\n\n");
        md.append("One column per feature (schema fingerprint `").append(schema.fingerprint().substring(0, 16))
                .append("...`). A field that is empty or `?` is missing: a missing number counts as the mean, a missing")
                .append(" category as none of them.\n\n");
        md.append("| column | type | values | preprocessing |\n|---|---|---|---|\n");
        int n = 0;
        for (FeatureSpec f : schema.features()) {
            if (f.isNumeric()) {
                String range = f.hasRange() ? "clamped to [" + number(f.min()) + ", " + number(f.max()) + "]" : "any number";
                md.append("| ").append(cell(f.name())).append(" | numeric | ").append(range).append(" | (x - ")
                        .append(number(standardization.mean().get(n))).append(") / ")
                        .append(number(standardization.std().get(n))).append(" |\n");
                n++;
            } else {
                md.append("| ").append(cell(f.name())).append(" | categorical | ").append(categories(f.categories()))
                        .append(" | one-hot |\n");
            }
        }
        md.append("\n## Output\n\n");
        md.append("The label `").append(schema.label()).append("`, one of ")
                .append(schema.classes().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")))
                .append(": `prediction` (the most probable class) and `p_<class>` (each class's probability).\n\n");
        md.append("## Files\n\n");
        md.append("- `model.onnx`: the whole model on raw columns, preprocessing included (ONNX, opset ")
                .append(OnnxExport.OPSET).append(" and ONNX-ML ").append(OnnxExport.ML_OPSET).append(").\n");
        md.append("- `MLmodel`, `input_example.json`, `requirements.txt`: an MLflow model (`mlflow.pyfunc.load_model`).\n");
        md.append("- `model.tribuo`: Tribuo's model of the same weights, on encoded features (PMAD's `RawTribuoModel`")
                .append(" feeds it raw rows).\n");
        md.append("- `weights.json`: weights, schema and standardisation as plain JSON, for any language.\n\n");
        md.append("Score a CSV with `pmad predict --model <this directory> --data F.csv --output P.csv`.\n\n");
        md.append("## Limits\n\n");
        md.append("- A category the schema does not list is refused by `pmad predict` and counts as missing in `model.onnx`.\n");
        md.append("- The metrics above were measured on the federation's test rows; they say little about data from")
                .append(" elsewhere.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String categories(List<String> categories) {
        String shown = categories.stream().limit(CATEGORIES_SHOWN).map(ModelCard::cell).collect(Collectors.joining(", "));
        return categories.size() <= CATEGORIES_SHOWN ? shown : shown + ", ... (" + categories.size() + " in all)";
    }

    /** Markdown table cells cannot hold a bare '|'. */
    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** Whole numbers as written ("17", "1500000"), others to four significant digits. */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
