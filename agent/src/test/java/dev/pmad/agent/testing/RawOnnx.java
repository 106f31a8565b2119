package dev.pmad.agent.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an exported {@code model.onnx} in ONNX Runtime on CSV fields as a user of the model would
 * feed them: each column as one tensor, numbers parsed to float with NaN for a missing field,
 * categories as the trimmed strings (missing ones as written, '' or '?').
 */
public final class RawOnnx {
    private RawOnnx() {}

    /** Every output by name: {@code String[]} for the prediction, {@code float[]} for probabilities. */
    public static Map<String, Object> run(byte[] onnx, Schema schema, List<String> header, List<List<String>> rows)
            throws OrtException {
        var env = OrtEnvironment.getEnvironment();
        var inputs = new HashMap<String, OnnxTensor>();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            for (FeatureSpec f : schema.features()) {
                int column = header.indexOf(f.name());
                if (column < 0) throw new IllegalArgumentException("no column " + f.name() + " in " + header);
                if (f.isNumeric()) {
                    float[] values = new float[rows.size()];
                    for (int r = 0; r < values.length; r++) {
                        String raw = rows.get(r).get(column).trim();
                        values[r] = CsvLoader.isMissing(raw) ? Float.NaN : Float.parseFloat(raw);
                    }
                    inputs.put(f.name(), OnnxTensor.createTensor(env, values));
                } else {
                    inputs.put(f.name(), OnnxTensor.createTensor(env,
                            rows.stream().map(row -> row.get(column).trim()).toArray(String[]::new)));
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                var out = new HashMap<String, Object>();
                for (Map.Entry<String, OnnxValue> e : result) out.put(e.getKey(), e.getValue().getValue());
                return out;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
