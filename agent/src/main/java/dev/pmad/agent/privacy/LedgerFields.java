package dev.pmad.agent.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.privacy.PrivacyLedger.Policy;
import dev.pmad.agent.privacy.PrivacyLedger.Run;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.accounting.Neighbours;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the fields of a ledger document whose format, version and checksum already passed, and
 * checks what the checksum cannot: types, unknown fields and the ledger's own consistency.
 * Every failure names the field, e.g. {@code runs[1].rdp[7]}.
 */
final class LedgerFields {
    // The total is summed release by release, the runs' curves run by run: same terms, another order.
    private static final double SUM_TOLERANCE = 1e-9;

    private final Path file;
    private final int version;

    LedgerFields(Path file, int version) {
        this.file = file;
        this.version = version;
    }

    LedgerSnapshot snapshot(ObjectNode root) {
        requireFields(root, "", List.of("format", "version", "orders", "rdp", "policy", "runs", "released",
                LedgerFormat.CHECKSUM));
        double[] orders = orders(root.get("orders"));
        double[] rdp = curve(root.get("rdp"), "rdp", orders.length);
        Policy policy = policy(root.get("policy"));
        List<Run> runs = runs(root.get("runs"), orders.length);
        SortedMap<String, double[]> released = released(root.get("released"));
        requireTotalIsSumOfRuns(orders, rdp, runs);
        requireMechanismsAccountForCurves(orders, runs);
        return new LedgerSnapshot(file, orders, rdp, policy, runs, released);
    }

    private double[] orders(JsonNode node) {
        double[] orders = numbers(node, "orders");
        if (orders.length == 0) throw corrupt("field orders is empty");
        for (int k = 0; k < orders.length; k++) {
            if (!(orders[k] > 1) || Double.isInfinite(orders[k])) {
                throw corrupt("field orders[" + k + "] is " + orders[k] + ", must be finite and > 1");
            }
            if (k > 0 && !(orders[k] > orders[k - 1])) {
                throw corrupt("field orders[" + k + "] is " + orders[k] + ", must be above orders[" + (k - 1) + "] = "
                        + orders[k - 1] + " (strictly increasing)");
            }
        }
        return orders;
    }

    private double[] curve(JsonNode node, String name, int length) {
        double[] curve = numbers(node, name);
        if (curve.length != length) {
            throw corrupt("field " + name + " has " + curve.length + " values, must have one per order (" + length + ")");
        }
        for (int k = 0; k < length; k++) {
            if (!(curve[k] >= 0)) throw corrupt("field " + name + "[" + k + "] is " + curve[k] + ", must be >= 0");
        }
        return curve;
    }

    private Policy policy(JsonNode node) {
        if (node.isNull()) return null;
        if (!node.isObject()) throw corrupt("field policy must be an object or null, was " + node);
        requireFields(node, "policy.", List.of("epsilonBudget", "delta"));
        double epsilonBudget = number(node.get("epsilonBudget"), "policy.epsilonBudget");
        double delta = number(node.get("delta"), "policy.delta");
        try {
            return new Policy(epsilonBudget, delta);
        } catch (IllegalArgumentException e) {
            throw corrupt("field policy: " + e.getMessage());
        }
    }

    private List<Run> runs(JsonNode node, int length) {
        if (!node.isArray()) throw corrupt("field runs must be an array, was " + node.getNodeType());
        List<Run> runs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String name = "runs[" + i + "]";
            JsonNode run = node.get(i);
            if (!run.isObject()) throw corrupt("field " + name + " must be an object");
            requireFields(run, name + ".", version == 1
                    ? List.of("runId", "releases", "first", "last", "lastRelease", "rdp")
                    : List.of("runId", "releases", "first", "last", "lastRelease", "rdp", "mechanisms"));
            String runId = text(run.get("runId"), name + ".runId");
            if (runId.isBlank()) throw corrupt("field " + name + ".runId is blank");
            if (!ids.add(runId)) throw corrupt("field " + name + ".runId \"" + runId + "\" appears twice");
            JsonNode releases = run.get("releases");
            if (!releases.isInt() || releases.intValue() < 1) {
                throw corrupt("field " + name + ".releases must be an integer >= 1, was " + releases);
            }
            Instant first = instant(run.get("first"), name + ".first");
            Instant last = instant(run.get("last"), name + ".last");
            if (last.isBefore(first)) throw corrupt("field " + name + ".last is before " + name + ".first");
            String lastRelease = text(run.get("lastRelease"), name + ".lastRelease");
            double[] rdp = curve(run.get("rdp"), name + ".rdp", length);
            List<Mechanism> mechanisms = version == 1 ? null : mechanisms(run.get("mechanisms"), name + ".mechanisms");
            runs.add(new Run(runId, releases.intValue(), first, last, lastRelease, rdp, mechanisms));
        }
        return runs;
    }

    private List<Mechanism> mechanisms(JsonNode node, String name) {
        if (node.isNull()) return null;
        if (!node.isArray()) throw corrupt("field " + name + " must be an array or null, was " + node.getNodeType());
        List<Mechanism> mechanisms = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = name + "[" + i + "]";
            JsonNode m = node.get(i);
            if (!m.isObject()) throw corrupt("field " + at + " must be an object");
            // "discrete" is written only when true (exact lattice noise), so ledgers without it read as before.
            requireFields(m, at + ".", m.has("discrete")
                    ? List.of("noise", "samplingRate", "noiseMultiplier", "count", "neighbours", "discrete")
                    : List.of("noise", "samplingRate", "noiseMultiplier", "count", "neighbours"));
            boolean discrete = false;
            if (m.has("discrete")) {
                if (!m.get("discrete").isBoolean()) throw corrupt("field " + at + ".discrete must be true or false");
                discrete = m.get("discrete").booleanValue();
            }
            JsonNode count = m.get("count");
            if (!count.canConvertToLong() || !count.isIntegralNumber() || count.longValue() < 1) {
                throw corrupt("field " + at + ".count must be an integer >= 1, was " + count);
            }
            try {
                mechanisms.add(new Mechanism(NoiseKind.parse(text(m.get("noise"), at + ".noise"), at + ".noise"),
                        number(m.get("samplingRate"), at + ".samplingRate"),
                        number(m.get("noiseMultiplier"), at + ".noiseMultiplier"), count.longValue(),
                        Neighbours.parse(text(m.get("neighbours"), at + ".neighbours"), at + ".neighbours"), discrete));
            } catch (IllegalArgumentException e) {
                throw corrupt("field " + at + ": " + e.getMessage());
            }
        }
        return mechanisms;
    }

    private void requireMechanismsAccountForCurves(double[] orders, List<Run> runs) {
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (run.mechanisms() == null) continue;
            RdpAccountant accountant = new RdpAccountant(orders);
            run.mechanisms().forEach(m -> m.composeInto(accountant));
            double[] expected = accountant.rdp();
            double[] actual = run.rdp();
            for (int k = 0; k < orders.length; k++) {
                if (!nearlyEqual(actual[k], expected[k])) {
                    throw corrupt("field runs[" + i + "].mechanisms do not account for runs[" + i + "].rdp: at order "
                            + orders[k] + " they give " + expected[k] + ", the curve holds " + actual[k]);
                }
            }
        }
    }

    private SortedMap<String, double[]> released(JsonNode node) {
        if (!node.isObject()) throw corrupt("field released must be an object, was " + node.getNodeType());
        SortedMap<String, double[]> released = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = "released." + entry.getKey();
            if (entry.getKey().isBlank()) throw corrupt("field released has a blank key");
            double[] values = numbers(entry.getValue(), name);
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) throw corrupt("field " + name + "[" + i + "] must be finite");
            }
            released.put(entry.getKey(), values);
        }
        return released;
    }

    private void requireTotalIsSumOfRuns(double[] orders, double[] rdp, List<Run> runs) {
        double[] sum = new double[orders.length];
        for (Run run : runs) {
            double[] curve = run.rdp();
            for (int k = 0; k < sum.length; k++) {
                sum[k] += curve[k];
            }
        }
        for (int k = 0; k < sum.length; k++) {
            if (!nearlyEqual(rdp[k], sum[k])) {
                throw corrupt("field rdp[" + k + "] (order " + orders[k] + ") is " + rdp[k]
                        + " but the runs' curves sum to " + sum[k] + " there; the total must be their sum");
            }
        }
    }

    private static boolean nearlyEqual(double a, double b) {
        if (a == b) return true; // also both +Infinity
        if (Double.isInfinite(a) || Double.isInfinite(b)) return false;
        return Math.abs(a - b) <= SUM_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }

    private void requireFields(JsonNode object, String prefix, List<String> expected) {
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String field = property.getKey();
            if (!expected.contains(field)) {
                throw corrupt("unknown field " + prefix + field + " (expected only " + expected + ")");
            }
        }
        for (String field : expected) {
            if (!object.has(field)) throw corrupt("field " + prefix + field + " is missing");
        }
    }

    private double[] numbers(JsonNode node, String name) {
        if (!node.isArray()) throw corrupt("field " + name + " must be an array, was " + node.getNodeType());
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(node.get(i), name + "[" + i + "]");
        }
        return values;
    }

    private double number(JsonNode node, String name) {
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual() && LedgerFormat.INFINITY.equals(node.textValue())) return Double.POSITIVE_INFINITY;
        throw corrupt("field " + name + " must be a number or \"" + LedgerFormat.INFINITY + "\", was " + node);
    }

    private String text(JsonNode node, String name) {
        if (!node.isTextual()) throw corrupt("field " + name + " must be a string, was " + node);
        return node.textValue();
    }

    private Instant instant(JsonNode node, String name) {
        String text = text(node, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw corrupt("field " + name + " is \"" + text + "\", not an ISO-8601 instant");
        }
    }

    private LedgerException corrupt(String what) {
        return LedgerException.corrupt(file, what);
    }
}
