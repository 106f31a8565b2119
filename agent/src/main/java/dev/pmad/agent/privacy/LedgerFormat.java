package dev.pmad.agent.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pmad.agent.privacy.PrivacyLedger.Policy;
import dev.pmad.agent.privacy.PrivacyLedger.Run;
import dev.pmad.privacy.accounting.Mechanism;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The ledger file, version 2: one JSON object in UTF-8, indented for people to read.
 * <pre>{
 *   "format": "pmad-privacy-ledger",
 *   "version": 2,
 *   "orders": [ 1.1, 1.2, ... ],            Rényi orders, finite, &gt; 1, strictly increasing
 *   "rdp": [ ... ],                         total RDP at each order = sum of the runs' curves
 *   "policy": {"epsilonBudget": 10.0, "delta": 1.0E-5},   or null if never set
 *   "runs": [ {"runId": "r1", "releases": 3, "first": "2025-01-01T00:00:00Z",
 *              "last": "...", "lastRelease": "round 3 update", "rdp": [ ... ],
 *              "mechanisms": [ {"noise": "gaussian", "samplingRate": 0.01,
 *                               "noiseMultiplier": 1.1, "count": 300,
 *                               "neighbours": "add-or-remove"} ]} ],   or null
 *   "released": {"join": [ 1234.5 ]},       values released once, by key, keys sorted
 *   "checksum": "&lt;64 lowercase hex digits&gt;"
 * }</pre>
 * A run's {@code mechanisms} are its releases by mechanism (counts summed), what a PLD
 * accountant needs to recompose the run, or null when not every release named one; {@code
 * neighbours} is {@code replace-one} for central mode's sampled rounds (whose PLD is not the
 * add/remove one) and {@code add-or-remove} otherwise (always at sampling rate 1); {@code
 * "discrete": true}, present only then, marks exact discrete Gaussian or Laplace noise on an integer
 * lattice (accounted under RDP alone, see {@link dev.pmad.privacy.accounting.Mechanism}); pmad
 * versions before it refuse such a ledger as having an unknown field rather than misread it. Version 1
 * (read, never written) had no such field: its runs count as null. Once a version-1 ledger is
 * charged it is written as version 2, which older pmad versions refuse to read.
 * Numbers are written as Java's {@link Double#toString} writes them, which parses back to the
 * same bits; JSON has no infinity, so +Infinity (an RDP curve may have it) is the string
 * {@code "Infinity"}. Times are ISO-8601 instants ({@link java.time.Instant#toString}).
 *
 * <p><b>Checksum:</b> SHA-256, in lowercase hex, of the document's canonical form: its tokens
 * in file order written compactly (no whitespace), numbers exactly as their text in the file,
 * strings as Jackson escapes them, and the top-level {@code checksum} member left out. Copying
 * number text rather than re-printing the double keeps the check independent of how a JVM
 * prints doubles. It catches edits and truncation, not an attacker, who can recompute it.
 *
 * <p><b>Validation on read</b>, in order, each failure a {@link LedgerException} naming the file
 * and field: valid JSON; format and version; checksum; no unknown or missing fields and the
 * right types; orders; every curve one value per order, none negative or NaN; the total equal to
 * the sum of the runs' curves (relative tolerance 1e-9, infinities equal); a run's mechanisms
 * valid and their RDP curve equal to the run's (same tolerance), so the two accountants can
 * never be given two different stories about one run.
 */
final class LedgerFormat {
    static final String FORMAT = "pmad-privacy-ledger";
    static final List<Integer> SUPPORTED_VERSIONS = List.of(1, 2);
    static final String INFINITY = "Infinity";
    static final String CHECKSUM = "checksum";

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private LedgerFormat() {}

    static LedgerException missing(Path file) {
        return new LedgerException(file, "no privacy ledger at " + file + "; check the path (and that its volume is"
                + " mounted) — create a new ledger only for data nothing was ever released about");
    }

    static LedgerSnapshot read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw new LedgerException(file, "cannot read privacy ledger " + file + ": " + LedgerFiles.describe(e)
                    + "; check that it is a readable file", e);
        }
        return decode(file, bytes);
    }

    static LedgerSnapshot decode(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw LedgerException.corrupt(file, "not valid JSON (truncated?): " + problem(e));
        }
        if (root == null || root.isMissingNode()) throw LedgerException.corrupt(file, "the file is empty (truncated?)");
        if (!root.isObject()) throw LedgerException.corrupt(file, "not a JSON object");
        JsonNode format = root.get("format");
        if (format == null || !FORMAT.equals(format.textValue())) {
            throw new LedgerException(file, file + " is not a privacy ledger: field format is " + format
                    + ", expected \"" + FORMAT + "\"; check the path");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt()) {
            throw LedgerException.corrupt(file, "field version must be an integer, was " + version);
        }
        if (!SUPPORTED_VERSIONS.contains(version.intValue())) {
            throw new LedgerException(file, "privacy ledger " + file + " has version " + version.intValue()
                    + ", this pmad reads versions " + SUPPORTED_VERSIONS + "; read it with the pmad that wrote it,"
                    + " and never replace it with a new ledger");
        }
        JsonNode checksum = root.get(CHECKSUM);
        if (checksum == null) throw LedgerException.corrupt(file, "field checksum is missing (edited?)");
        if (!checksum.isTextual() || !checksum.textValue().matches("[0-9a-f]{64}")) {
            throw LedgerException.corrupt(file, "field checksum must be 64 lowercase hex digits (SHA-256), was " + checksum);
        }
        if (!checksum.textValue().equals(checksum(bytes))) {
            throw LedgerException.corrupt(file, "checksum mismatch (edited or truncated?)");
        }
        return new LedgerFields(file, version.intValue()).snapshot((ObjectNode) root);
    }

    static byte[] encode(LedgerSnapshot ledger) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", SUPPORTED_VERSIONS.get(SUPPORTED_VERSIONS.size() - 1));
        root.set("orders", numbers(ledger.orders()));
        root.set("rdp", numbers(ledger.rdp()));
        Policy policy = ledger.policy().orElse(null);
        if (policy == null) {
            root.putNull("policy");
        } else {
            root.putObject("policy").put("epsilonBudget", policy.epsilonBudget()).put("delta", policy.delta());
        }
        ArrayNode runs = root.putArray("runs");
        for (Run run : ledger.runs()) {
            ObjectNode node = runs.addObject();
            node.put("runId", run.runId());
            node.put("releases", run.releases());
            node.put("first", run.first().toString());
            node.put("last", run.last().toString());
            node.put("lastRelease", run.lastRelease());
            node.set("rdp", numbers(run.rdp()));
            if (run.mechanisms() == null) {
                node.putNull("mechanisms");
            } else {
                ArrayNode mechanisms = node.putArray("mechanisms");
                for (Mechanism m : run.mechanisms()) {
                    ObjectNode entry = mechanisms.addObject().put("noise", m.noise().wireName())
                            .put("samplingRate", m.samplingRate()).put("noiseMultiplier", m.noiseMultiplier())
                            .put("count", m.count()).put("neighbours", m.neighbours().wireName());
                    if (m.discrete()) entry.put("discrete", true);
                }
            }
        }
        ObjectNode released = root.putObject("released");
        for (String key : ledger.releasedKeys()) {
            released.set(key, numbers(ledger.released(key).orElseThrow()));
        }
        try {
            root.put(CHECKSUM, checksum(JSON.writeValueAsBytes(root)));
            String text = JSON.writer(PRETTY).writeValueAsString(root) + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a privacy ledger in memory", e);
        }
    }

    /** The checksum of a ledger document (see the class note); its own checksum member, if any, is left out. */
    static String checksum(byte[] document) {
        var canonical = new ByteArrayOutputStream();
        try (JsonParser parser = JSON.createParser(document);
             JsonGenerator generator = JSON.createGenerator(canonical)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (depth == 1 && token == JsonToken.FIELD_NAME && CHECKSUM.equals(parser.currentName())) {
                    parser.nextToken();
                    parser.skipChildren();
                    continue;
                }
                if (token.isNumeric()) {
                    generator.writeNumber(parser.getText());
                } else {
                    generator.copyCurrentEvent(parser);
                }
                if (token.isStructStart()) depth++;
                if (token.isStructEnd()) depth--;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON document: " + problem(e), e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static ArrayNode numbers(double[] values) {
        ArrayNode array = JSON.createArrayNode();
        for (double v : values) {
            if (v == Double.POSITIVE_INFINITY) array.add(INFINITY);
            else array.add(v);
        }
        return array;
    }

    private static String problem(IOException e) {
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // Jackson's own message repeats where the source is, which names nothing useful here.
            String message = j.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[").replaceAll("\\s+", " ");
            return message.strip() + where;
        }
        return LedgerFiles.describe(e);
    }
}
