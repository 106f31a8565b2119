package dev.pmad.agent.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The schema every party shares: input features in order, the label column and its classes in
 * order. Both orders fix the meaning of every model weight, so an agent whose data lacks a class
 * or a category still trains weights that line up with everyone else's.
 *
 * <pre>{"label":"label","classes":["B","M"],
 *  "features":[{"name":"age","type":"numeric"},
 *              {"name":"sex","type":"categorical","categories":["Female","Male"]}]}</pre>
 */
public record Schema(String label, List<String> classes, List<FeatureSpec> features) implements java.io.Serializable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public Schema {
        Objects.requireNonNull(label, "schema: 'label' is missing");
        if (classes == null || classes.size() < 2) {
            throw new DataException("schema: 'classes' must list at least 2 classes");
        }
        if (classes.stream().distinct().count() != classes.size()) {
            throw new DataException("schema: 'classes' lists a class twice");
        }
        if (features == null || features.isEmpty()) {
            throw new DataException("schema: 'features' must list at least one feature");
        }
        var names = new HashSet<String>();
        for (FeatureSpec f : features) {
            if (!names.add(f.name())) throw new DataException("schema: feature '" + f.name() + "' listed twice");
            if (f.name().equals(label)) throw new DataException("schema: label '" + label + "' is also listed as a feature");
        }
        classes = List.copyOf(classes);
        features = List.copyOf(features);
    }

    public static Schema read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read schema (" + e.getMessage() + ")");
        }
        return fromJson(text, file.toString());
    }

    /** Parses a schema's JSON; {@code source} (a file, "model.json") names it in error messages. */
    public static Schema fromJson(String text, String source) {
        try {
            return JSON.readValue(text, Schema.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DataException(source + ": " + cause.getMessage());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new DataException(source + (loc != null ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "")
                    + ": invalid schema JSON: " + e.getOriginalMessage());
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the canonical JSON: parties with different schemas must not train together. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsBytes(this));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public int numericCount() {
        return (int) features.stream().filter(FeatureSpec::isNumeric).count();
    }

    /** Number of encoded columns (numeric columns plus one-hot columns), excluding the bias. */
    public int encodedWidth() {
        return features.stream().mapToInt(FeatureSpec::width).sum();
    }

    /** Names of the encoded columns, in weight order: {@code age}, {@code sex=Female}, ... */
    public List<String> encodedNames() {
        var names = new ArrayList<String>(encodedWidth());
        for (FeatureSpec f : features) {
            if (f.isNumeric()) names.add(f.name());
            else for (String c : f.categories()) names.add(f.name() + "=" + c);
        }
        return names;
    }
}
