package dev.pmad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;

/** Results on stdout: one JSON object with --json, a short human summary otherwise. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Output() {}

    static void print(JsonNode result, boolean json) throws Exception {
        if (json) {
            System.out.println(JSON.writeValueAsString(result));
            return;
        }
        if (result.has("rounds")) {
            for (JsonNode r : result.get("rounds")) {
                System.out.printf(Locale.ROOT, "round %3d  accuracy %s  loss %s  f1 %s  epsilon %s%n", r.get("round").asInt(),
                        num(r.get("accuracy")), num(r.get("loss")), num(r.get("f1")), num(r.get("epsilonSpent")));
            }
        }
        JsonNode fin = result.get("final");
        if (fin != null) {
            System.out.printf(Locale.ROOT, "final      accuracy %s  loss %s  precision %s  recall %s  f1 %s%n",
                    num(fin.get("accuracy")), num(fin.get("loss")), num(fin.get("precision")), num(fin.get("recall")),
                    num(fin.get("f1")));
        }
        if (result.has("solver")) {
            System.out.printf(Locale.ROOT, "solver     %s  l2 %s  iterations %d  objective %s  gradient norm %s%n",
                    result.get("solver").asText(), small(result.get("l2")), result.get("iterations").asInt(),
                    num(result.get("objective")), small(result.get("gradientNorm")));
        }
        if (result.has("outcome")) {
            System.out.println("outcome    " + result.get("outcome").asText()
                    + (result.path("reason").asText().isEmpty() ? "" : " (" + result.get("reason").asText() + ")"));
        }
        if (result.has("privacy")) System.out.println("privacy    " + JSON.writeValueAsString(result.get("privacy")));
        if (result.hasNonNull("runDir")) System.out.println("run files  " + result.get("runDir").asText());
        if (result.hasNonNull("model")) System.out.println("model      " + result.get("model").asText());
        System.out.printf(Locale.ROOT, "wall       %.2f s%n", result.path("wallSeconds").asDouble());
    }

    static String compact(JsonNode node) throws Exception {
        return JSON.writeValueAsString(node);
    }

    static String pretty(JsonNode node) throws Exception {
        return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }

    /** Three significant digits, for numbers that may be far below 1e-4. */
    private static String small(JsonNode n) {
        return n == null || n.isNull() ? "-" : String.format(Locale.ROOT, "%.3g", n.asDouble());
    }

    private static String num(JsonNode n) {
        return n == null || n.isNull() ? "   -  " : String.format(Locale.ROOT, "%.4f", n.asDouble());
    }
}
