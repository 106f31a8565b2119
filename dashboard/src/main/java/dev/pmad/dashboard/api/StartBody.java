package dev.pmad.dashboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.dashboard.json.Json;
import dev.pmad.dashboard.port.StartRequest;
import io.javalin.http.BadRequestResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/federation/start}: {@code {"targetRounds": N}} with N a whole
 * number from 1 to the federation's maximum, and optionally {@code "epsilonBudget"}, {@code
 * "strategy"} (a name) and {@code "strategyOptions"}, either an object ({@code {"eta": 0.05}}) or
 * the text the form and {@code STRATEGY_OPTIONS} take ({@code "eta=0.05, beta1=0.9"}). Strict on
 * purpose: a typo'd field or a string where a number belongs is an error, not a default. Whether
 * the strategy exists and its options are in range is the federation's to say.
 */
final class StartBody {
    private static final Set<String> FIELDS = Set.of("targetRounds", "epsilonBudget", "strategy", "strategyOptions");
    private static final String OPTIONS_EXAMPLE = "e.g. \"eta=0.05, beta1=0.9\" or {\"eta\": 0.05}";

    private StartBody() {}

    static StartRequest parse(String body, int maxRounds) {
        String example = "send a JSON body like {\"targetRounds\": 10} (1 to " + maxRounds + " rounds)";
        if (body == null || body.isBlank()) throw new BadRequestResponse("targetRounds is missing: " + example);
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("the body is not JSON (" + e.getOriginalMessage() + "): " + example);
        }
        if (root == null || !root.isObject()) throw new BadRequestResponse("the body must be a JSON object: " + example);
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new BadRequestResponse("unknown field '" + name + "': the body takes targetRounds and, optionally,"
                        + " epsilonBudget, strategy and strategyOptions");
            }
        });
        int rounds = rounds(root.get("targetRounds"), maxRounds, example);
        Double budget = budget(root.get("epsilonBudget"));
        String strategy = strategy(root.get("strategy"));
        Map<String, String> options = options(root.get("strategyOptions"));
        if (strategy == null && !options.isEmpty()) {
            throw new BadRequestResponse("strategyOptions need a strategy: add \"strategy\": \"NAME\" to the body");
        }
        return new StartRequest(rounds, budget, strategy, options);
    }

    private static String strategy(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new BadRequestResponse("strategy must be a strategy's name, e.g. \"fedavg\", was " + node);
        }
        return node.asText().strip();
    }

    /** Option key to value as text, in the order given; the federation parses the numbers. */
    private static Map<String, String> options(JsonNode node) {
        var options = new LinkedHashMap<String, String>();
        if (node == null || node.isNull()) return options;
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if (!v.isNumber() && !v.isTextual()) {
                    throw new BadRequestResponse("strategyOptions: " + e.getKey() + " must be a number, was " + v);
                }
                options.put(e.getKey(), v.asText());
            });
            return options;
        }
        if (!node.isTextual()) throw new BadRequestResponse("strategyOptions must be key=value pairs, " + OPTIONS_EXAMPLE);
        // Pairs are separated by commas, semicolons or spaces; spaces around '=' are allowed.
        for (String pair : node.asText().replaceAll("\\s*=\\s*", "=").split("[,;\\s]+")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new BadRequestResponse("strategyOptions: '" + pair + "' is not key=value, " + OPTIONS_EXAMPLE);
            }
            String key = pair.substring(0, eq);
            if (options.put(key, pair.substring(eq + 1)) != null) {
                throw new BadRequestResponse("strategyOptions: " + key + " is given twice");
            }
        }
        return options;
    }

    private static int rounds(JsonNode node, int max, String example) {
        if (node == null || node.isNull()) throw new BadRequestResponse("targetRounds is missing: " + example);
        boolean whole = node.isIntegralNumber() || node.isNumber() && node.asDouble() == Math.rint(node.asDouble());
        if (!whole) {
            throw new BadRequestResponse("targetRounds must be a whole number from 1 to " + max + ", was " + node);
        }
        double value = node.asDouble();
        if (value < 1 || value > max) {
            throw new BadRequestResponse("targetRounds must be between 1 and " + max + ", was " + node);
        }
        return (int) value;
    }

    private static Double budget(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() <= 0) {
            throw new BadRequestResponse("epsilonBudget must be a positive number, was " + node);
        }
        return node.asDouble();
    }
}
