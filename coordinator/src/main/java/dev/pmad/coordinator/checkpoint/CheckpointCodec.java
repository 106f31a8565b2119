package dev.pmad.coordinator.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.StrategyState;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.privacy.PrivacyState;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.run.BoundedUpdate;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The state file, schema version 1: one JSON object in UTF-8, indented for people to read.
 * <pre>{
 *   "format": "pmad-coordinator-state",
 *   "schemaVersion": 1,
 *   "protocolVersion": 4,                     the wire protocol the run's agents speak (3 resumes too)
 *   "runId": "...", "outcome": null, ...       the {@link RunCheckpoint} fields
 *   "global": "&lt;base64 of little-endian doubles&gt;",  vectors as on the wire
 *   "strategyState": {"kind": "moments", "first": "...", "second": "..."},
 *   "privacy": {"kind": "central", ..., "orders": [...], "rdp": [...], "roundsCharged": 3,
 *               "adaptiveQuantile": 0.5, "nextClipNorm": 0.83},   the last two with adaptive clipping only
 *   "results": [ {"round": 1, ...} ],
 *   "checksum": "&lt;64 lowercase hex digits&gt;"
 * }</pre>
 * Numbers are written as Java's {@link Double#toString} writes them, which parses back to the same
 * bits; JSON has no NaN or infinity, so those are the strings {@code "NaN"}, {@code "Infinity"}
 * and {@code "-Infinity"}. Model vectors are base64 of little-endian doubles: exact.
 *
 * <p><b>Checksum</b>, as the agent's privacy ledger has one: SHA-256, in lowercase hex, of the
 * document written compactly without its {@code checksum} member. It catches truncation and
 * edits, not an attacker, who can recompute it.
 *
 * <p><b>Reading</b> checks, in order, each failure one line naming the file: valid JSON; the
 * format; the schema version; the protocol version; the checksum; then the fields.
 */
public final class CheckpointCodec {
    public static final String FORMAT = "pmad-coordinator-state";
    public static final int SCHEMA_VERSION = 1;
    private static final String CHECKSUM = "checksum";
    /**
     * Runs of protocol 3 resume under 4: version 4 only added adaptive clipping's fields, which a
     * run without adaptive clipping (every run of version 3) sends as fixed clipping's defaults.
     */
    static final int RESUMABLE_OLDER_PROTOCOL = 3;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CheckpointCodec() {}

    /** The file's bytes for {@code checkpoint}. */
    public static byte[] encode(RunCheckpoint c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("protocolVersion", Message.PROTOCOL_VERSION);
        root.put("runId", c.runId());
        root.put("outcome", c.outcome());
        root.put("reason", c.reason());
        root.put("startedAt", c.startedAt().toString());
        root.put("targetRounds", c.targetRounds());
        root.put("round", c.round());
        root.put("resumedFromRound", c.resumedFromRound());
        root.put("schemaFingerprint", c.schemaFingerprint());
        root.putObject("shape").put("classes", c.shape().classes()).put("features", c.shape().features());
        ObjectNode strategy = root.putObject("strategy");
        strategy.put("name", c.strategy().name());
        ObjectNode options = strategy.putObject("options");
        c.strategy().options().forEach((k, v) -> number(options, k, v));
        root.put("aggregation", c.aggregation());
        root.put("trainSamples", c.trainSamples());
        root.put("quorumAgents", c.quorumAgents());
        number(root, "fraction", c.fraction());
        root.put("minAgents", c.minAgents());
        root.set("privacy", privacy(c.privacy()));
        number(root, "epsilonSpent", c.epsilonSpent());
        root.put("global", c.global().toBase64());
        root.set("strategyState", strategyState(c.strategyState()));
        if (c.standardization() == null) {
            root.putNull("standardization");
        } else {
            root.putObject("standardization").put("mean", c.standardization().mean().toBase64())
                    .put("std", c.standardization().std().toBase64());
        }
        ArrayNode participants = root.putArray("participants");
        for (RunCheckpoint.Participant p : c.participants()) {
            participants.addObject().put("id", p.id()).put("trainSamples", p.trainSamples())
                    .put("roundsParticipated", p.roundsParticipated());
        }
        ArrayNode results = root.putArray("results");
        for (RoundResult r : c.results()) results.add(result(r));
        root.put(CHECKSUM, checksum(root));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a checkpoint: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads the bytes of {@code file}. @throws CheckpointException naming the file, in one line */
    public static RunCheckpoint decode(Path file, byte[] bytes) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new CheckpointException(file, "state file " + file + " is not valid JSON (" + oneLine(e.getMessage())
                    + "); it is damaged: move it away to start a new run, or restore it from a backup", e);
        }
        if (!(parsed instanceof ObjectNode root)) {
            throw new CheckpointException(file, "state file " + file + " does not hold a JSON object; move it away to start a new run");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new CheckpointException(file, "state file " + file + " is not a " + FORMAT + " file (format "
                    + root.path("format") + "); point the state directory elsewhere");
        }
        JsonNode schema = root.path("schemaVersion");
        if (!schema.isInt() || schema.intValue() != SCHEMA_VERSION) {
            throw new CheckpointException(file, "state file " + file + " has schema version " + schema
                    + ", this coordinator reads version " + SCHEMA_VERSION
                    + "; finish the run with the version that wrote it, or move the file away to start a new run");
        }
        JsonNode protocol = root.path("protocolVersion");
        if (!protocol.isInt() || (protocol.intValue() != Message.PROTOCOL_VERSION
                && protocol.intValue() != RESUMABLE_OLDER_PROTOCOL)) {
            throw new CheckpointException(file, "state file " + file + " is of a run whose agents speak protocol version "
                    + protocol + ", this coordinator speaks " + Message.PROTOCOL_VERSION
                    + "; finish the run with the version that wrote it, or move the file away to start a new run");
        }
        JsonNode stored = root.remove(CHECKSUM);
        String expected = checksum(root);
        if (stored == null || !stored.isTextual() || !stored.textValue().equals(expected)) {
            throw new CheckpointException(file, "state file " + file + " fails its checksum (stored " + stored + ", computed \""
                    + expected + "\"): it was truncated or edited; move it away to start a new run, or restore it from a backup");
        }
        try {
            return checkpoint(root);
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "state file " + file + " has a bad field: " + oneLine(String.valueOf(e.getMessage()))
                    + "; move it away to start a new run", e);
        }
    }

    // ---- writing -------------------------------------------------------------------------------

    private static ObjectNode privacy(PrivacyState p) {
        ObjectNode node = JSON.createObjectNode();
        CoordinatorConfig.PrivacySettings s = p.settings();
        if (p instanceof PrivacyState.None) node.put("kind", "none");
        else if (p instanceof PrivacyState.Local) node.put("kind", "local");
        else if (p instanceof PrivacyState.Record) node.put("kind", "record");
        else if (p instanceof PrivacyState.Central) node.put("kind", "central");
        else throw new IllegalArgumentException("unknown privacy state " + p.getClass().getSimpleName());
        node.put("mode", s.mode().wireName());
        node.put("noise", s.noise().wireName());
        number(node, "epsilon", s.epsilon());
        number(node, "delta", s.delta());
        number(node, "clipNorm", s.clipNorm());
        // Optional, as every field added to schema version 1: absent means a fixed clip norm.
        if (s.adaptive() != null) number(node, "adaptiveQuantile", s.adaptive().quantile());
        number(node, "samplingRate", p.samplingRate());
        if (p instanceof PrivacyState.Local l) {
            number(node, "noiseMultiplier", l.noiseMultiplier());
            number(node, "epsilonSpent", l.epsilonSpent());
        } else if (p instanceof PrivacyState.Record r) {
            node.put("newton", r.newton());
            number(node, "newtonMultiplier", r.newtonMultiplier());
            ObjectNode proposed = node.putObject("proposed");
            r.proposed().forEach((k, v) -> number(proposed, k, v));
            number(node, "epsilonSpent", r.epsilonSpent());
        } else if (p instanceof PrivacyState.Central c) {
            number(node, "noiseMultiplier", c.noiseMultiplier());
            ArrayNode orders = node.putArray("orders");
            c.orders().forEach(v -> orders.add(number(v)));
            ArrayNode rdp = node.putArray("rdp");
            c.rdp().forEach(v -> rdp.add(number(v)));
            node.put("roundsCharged", c.roundsCharged());
            if (s.adaptive() != null) number(node, "nextClipNorm", c.clipNorm());
        }
        return node;
    }

    private static ObjectNode strategyState(StrategyState s) {
        ObjectNode node = JSON.createObjectNode();
        if (s instanceof StrategyState.Stateless) {
            node.put("kind", "stateless");
        } else if (s instanceof StrategyState.Velocity v) {
            node.put("kind", "velocity").put("velocity", v.velocity().toBase64());
        } else if (s instanceof StrategyState.Moments m) {
            node.put("kind", "moments").put("first", m.first().toBase64()).put("second", m.second().toBase64());
        } else if (s instanceof StrategyState.ServerControl c) {
            node.put("kind", "server-control").put("control", c.control().toBase64());
        } else if (s instanceof StrategyState.GramSum g) {
            node.put("kind", "gram-sum").put("packed", g.packed().toBase64());
            ArrayNode agents = node.putArray("agents");
            g.agents().forEach(agents::add);
        } else {
            throw new IllegalArgumentException("unknown strategy state " + s.getClass().getSimpleName());
        }
        return node;
    }

    private static ObjectNode result(RoundResult r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("round", r.round());
        ArrayNode participants = node.putArray("participants");
        r.participants().forEach(participants::add);
        ArrayNode failures = node.putArray("failures");
        for (AgentFailure f : r.failures()) failures.addObject().put("agent", f.agent()).put("reason", f.reason());
        if (!r.bounded().isEmpty()) {
            ArrayNode bounded = node.putArray("bounded");
            for (BoundedUpdate b : r.bounded()) {
                ObjectNode cut = bounded.addObject().put("agent", b.agent()).put("quantity", b.quantity());
                number(cut, "sent", b.sent());
                number(cut, "bound", b.bound());
                cut.put("leftOut", b.leftOut());
            }
        }
        Metrics m = r.metrics();
        ObjectNode metrics = node.putObject("metrics");
        number(metrics, "accuracy", m.accuracy());
        number(metrics, "loss", m.loss());
        number(metrics, "precision", m.precision());
        number(metrics, "recall", m.recall());
        number(metrics, "f1", m.f1());
        metrics.put("n", m.n());
        ArrayNode confusion = metrics.putArray("confusion");
        for (long cell : m.confusion()) confusion.add(cell);
        number(node, "epsilonSpent", r.epsilonSpent());
        node.put("rejectedUpdates", r.rejectedUpdates());
        ObjectNode losses = node.putObject("agentTrainLoss");
        r.agentTrainLoss().forEach((k, v) -> number(losses, k, v));
        ObjectNode samples = node.putObject("agentSamples");
        r.agentSamples().forEach(samples::put);
        number(node, "roundSeconds", r.roundSeconds());
        number(node, "slowestTrainSeconds", r.slowestTrainSeconds());
        number(node, "clipNorm", r.clipNorm());
        return node;
    }

    private static void number(ObjectNode node, String field, double value) {
        node.set(field, number(value));
    }

    private static JsonNode number(double value) {
        if (Double.isFinite(value)) return JSON.getNodeFactory().numberNode(value);
        return JSON.getNodeFactory().textNode(Double.toString(value)); // "NaN", "Infinity", "-Infinity"
    }

    private static String checksum(ObjectNode withoutChecksum) {
        try {
            byte[] canonical = JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(withoutChecksum);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    private static RunCheckpoint checkpoint(ObjectNode root) {
        var shape = new ModelShape(integer(root, "shape", "classes"), integer(root, "shape", "features"));
        JsonNode strategyNode = required(root, "strategy");
        var options = new LinkedHashMap<String, Double>();
        required(strategyNode, "options").fields().forEachRemaining(e -> options.put(e.getKey(), numberValue(e.getValue(), e.getKey())));
        JsonNode standardization = required(root, "standardization");
        var participants = new ArrayList<RunCheckpoint.Participant>();
        for (JsonNode p : array(root, "participants")) {
            participants.add(new RunCheckpoint.Participant(text(p, "id"), required(p, "trainSamples").intValue(),
                    required(p, "roundsParticipated").intValue()));
        }
        var results = new ArrayList<RoundResult>();
        for (JsonNode r : array(root, "results")) results.add(result(r));
        return new RunCheckpoint(text(root, "runId"), nullableText(root, "outcome"), nullableText(root, "reason"),
                Instant.parse(text(root, "startedAt")), required(root, "targetRounds").intValue(),
                required(root, "round").intValue(), required(root, "resumedFromRound").intValue(),
                text(root, "schemaFingerprint"), shape, new RunStrategy(text(strategyNode, "name"), options),
                text(root, "aggregation"), required(root, "trainSamples").longValue(),
                required(root, "quorumAgents").intValue(), number(root, "fraction"), required(root, "minAgents").intValue(),
                privacy(required(root, "privacy")), number(root, "epsilonSpent"), weights(root, "global"),
                strategyState(required(root, "strategyState")),
                standardization.isNull() ? null
                        : new Standardization(weights(standardization, "mean"), weights(standardization, "std")),
                participants, results);
    }

    private static PrivacyState privacy(JsonNode node) {
        var settings = new CoordinatorConfig.PrivacySettings(PrivacyMode.parse(text(node, "mode"), "privacy.mode"),
                NoiseKind.parse(text(node, "noise"), "privacy.noise"), number(node, "epsilon"), number(node, "delta"),
                number(node, "clipNorm"), node.has("adaptiveQuantile")
                        ? new CoordinatorConfig.PrivacySettings.AdaptiveClip(number(node, "adaptiveQuantile")) : null);
        double rate = number(node, "samplingRate");
        String kind = text(node, "kind");
        return switch (kind) {
            case "none" -> new PrivacyState.None(settings, rate);
            case "local" -> new PrivacyState.Local(settings, rate, number(node, "noiseMultiplier"), number(node, "epsilonSpent"));
            case "record" -> {
                var proposed = new LinkedHashMap<String, Double>();
                required(node, "proposed").fields().forEachRemaining(e -> proposed.put(e.getKey(), numberValue(e.getValue(), e.getKey())));
                yield new PrivacyState.Record(settings, rate, required(node, "newton").booleanValue(),
                        number(node, "newtonMultiplier"), proposed, number(node, "epsilonSpent"));
            }
            // roundsCharged came with PLD accounting; a checkpoint without it resumes under RDP alone.
            case "central" -> new PrivacyState.Central(settings, rate, number(node, "noiseMultiplier"),
                    numbers(node, "orders"), numbers(node, "rdp"),
                    node.hasNonNull("roundsCharged") ? node.get("roundsCharged").intValue() : -1,
                    // Adaptive clipping's next clip; a fixed-clip run's is its setting.
                    node.has("nextClipNorm") ? number(node, "nextClipNorm") : settings.clipNorm());
            default -> throw new IllegalArgumentException("privacy.kind '" + kind + "' is unknown");
        };
    }

    private static StrategyState strategyState(JsonNode node) {
        String kind = text(node, "kind");
        return switch (kind) {
            case "stateless" -> StrategyState.Stateless.INSTANCE;
            case "velocity" -> new StrategyState.Velocity(weights(node, "velocity"));
            case "moments" -> new StrategyState.Moments(weights(node, "first"), weights(node, "second"));
            case "server-control" -> new StrategyState.ServerControl(weights(node, "control"));
            case "gram-sum" -> {
                var agents = new ArrayList<String>();
                for (JsonNode a : array(node, "agents")) agents.add(a.textValue());
                yield new StrategyState.GramSum(weights(node, "packed"), agents);
            }
            default -> throw new IllegalArgumentException("strategyState.kind '" + kind + "' is unknown");
        };
    }

    private static RoundResult result(JsonNode node) {
        var participants = new ArrayList<String>();
        for (JsonNode p : array(node, "participants")) participants.add(p.textValue());
        var failures = new ArrayList<AgentFailure>();
        for (JsonNode f : array(node, "failures")) failures.add(new AgentFailure(text(f, "agent"), text(f, "reason")));
        JsonNode m = required(node, "metrics");
        JsonNode cells = required(m, "confusion");
        long[] confusion = new long[cells.size()];
        for (int i = 0; i < confusion.length; i++) confusion[i] = cells.get(i).longValue();
        var metrics = new Metrics(number(m, "accuracy"), number(m, "loss"), number(m, "precision"), number(m, "recall"),
                number(m, "f1"), required(m, "n").longValue(), confusion);
        var losses = new LinkedHashMap<String, Double>();
        required(node, "agentTrainLoss").fields().forEachRemaining(e -> losses.put(e.getKey(), numberValue(e.getValue(), e.getKey())));
        var samples = new LinkedHashMap<String, Integer>();
        required(node, "agentSamples").fields().forEachRemaining(e -> samples.put(e.getKey(), e.getValue().intValue()));
        // Optional: absent in a round nothing was bounded in (and in files written before the bound).
        var bounded = new ArrayList<BoundedUpdate>();
        JsonNode cut = node.get("bounded");
        if (cut != null) {
            for (JsonNode b : cut) {
                bounded.add(new BoundedUpdate(text(b, "agent"), text(b, "quantity"), number(b, "sent"), number(b, "bound"),
                        b.path("leftOut").asBoolean(false)));
            }
        }
        return new RoundResult(required(node, "round").intValue(), participants, failures, metrics,
                number(node, "epsilonSpent"), required(node, "rejectedUpdates").longValue(), losses, samples,
                number(node, "roundSeconds"), number(node, "slowestTrainSeconds"), bounded,
                node.has("clipNorm") ? number(node, "clipNorm") : 0);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) throw new IllegalArgumentException("'" + field + "' is missing");
        return value;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray()) throw new IllegalArgumentException("'" + field + "' is not an array");
        return value;
    }

    private static int integer(JsonNode node, String object, String field) {
        JsonNode value = required(required(node, object), field);
        if (!value.isInt()) throw new IllegalArgumentException("'" + object + "." + field + "' is not an integer");
        return value.intValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) throw new IllegalArgumentException("'" + field + "' is not a string");
        return value.textValue();
    }

    private static String nullableText(JsonNode node, String field) {
        JsonNode value = required(node, field);
        return value.isNull() ? null : text(node, field);
    }

    private static double number(JsonNode node, String field) {
        return numberValue(required(node, field), field);
    }

    private static double numberValue(JsonNode value, String field) {
        if (value.isNumber()) return value.doubleValue();
        if (value.isTextual()) {
            switch (value.textValue()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException("'" + field + "' is not a number");
    }

    private static List<Double> numbers(JsonNode node, String field) {
        var values = new ArrayList<Double>();
        for (JsonNode v : array(node, field)) values.add(numberValue(v, field));
        return values;
    }

    private static Weights weights(JsonNode node, String field) {
        return Weights.fromBase64(text(node, field));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
