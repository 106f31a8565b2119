package dev.pmad.dashboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.dashboard.json.Json;
import dev.pmad.dashboard.port.StartRequest;
import io.javalin.http.BadRequestResponse;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/federation/start}: {@code {"targetRounds": N}} with N a whole
 * number from 1 to the federation's maximum, and optionally {@code "epsilonBudget"}. Strict on
 * purpose: a typo'd field or a string where a number belongs is an error, not a default.
 */
final class StartBody {
    private static final Set<String> FIELDS = Set.of("targetRounds", "epsilonBudget");

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
                        + " epsilonBudget");
            }
        });
        return new StartRequest(rounds(root.get("targetRounds"), maxRounds, example), budget(root.get("epsilonBudget")));
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
