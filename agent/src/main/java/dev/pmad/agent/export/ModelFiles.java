package dev.pmad.agent.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exported files of one model, by file name, in a stable order: what lands in a run's
 * {@code model/} directory. Byte arrays are handed over, not copied: treat them as read-only.
 */
public record ModelFiles(Map<String, byte[]> byName) {
    /** ONNX graph over the schema's raw columns, preprocessing included. */
    public static final String ONNX_FILE = "model.onnx";
    /** Tribuo protobuf model over encoded features: {@link RawTribuoModel#load} feeds it raw rows. */
    public static final String TRIBUO_FILE = "model.tribuo";
    /** Weights, schema and standardisation as plain JSON: what {@link ExportedModel#load} reads. */
    public static final String WEIGHTS_FILE = "weights.json";
    /** MLflow's model description: onnx and python_function flavors, signature, input example. */
    public static final String MLMODEL_FILE = "MLmodel";
    public static final String INPUT_EXAMPLE_FILE = "input_example.json";
    public static final String REQUIREMENTS_FILE = "requirements.txt";
    public static final String CARD_FILE = "MODEL_CARD.md";

    public ModelFiles {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public byte[] get(String name) {
        byte[] bytes = byName.get(name);
        if (bytes == null) throw new IllegalArgumentException("no file " + name + " among " + byName.keySet());
        return bytes;
    }

    public byte[] onnxModel() {
        return get(ONNX_FILE);
    }

    public byte[] tribuoModel() {
        return get(TRIBUO_FILE);
    }

    public byte[] weightsJson() {
        return get(WEIGHTS_FILE);
    }
}
