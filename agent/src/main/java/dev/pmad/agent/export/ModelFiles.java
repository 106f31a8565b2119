package dev.pmad.agent.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exported files of one model, by file name. Byte arrays are handed over, not copied: treat
 * them as read-only.
 */
public record ModelFiles(byte[] tribuoModel, byte[] onnxModel, byte[] weightsJson) {
    /** Tribuo protobuf model: {@code org.tribuo.Model.deserializeFromFile(path)}. */
    public static final String TRIBUO_FILE = "model.tribuo";
    public static final String ONNX_FILE = "model.onnx";
    public static final String WEIGHTS_FILE = "weights.json";

    /** File name to contents, in a stable order. */
    public Map<String, byte[]> byName() {
        var files = new LinkedHashMap<String, byte[]>();
        files.put(TRIBUO_FILE, tribuoModel);
        files.put(ONNX_FILE, onnxModel);
        files.put(WEIGHTS_FILE, weightsJson);
        return files;
    }
}
