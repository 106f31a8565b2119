package dev.pmad.agent.export;

import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

/**
 * Turns a federation's final weights into {@link ModelFiles}: Tribuo model, ONNX model and
 * weights JSON, all from the same weights. Stateless and thread-safe.
 */
public final class ModelExporter {
    private final Schema schema;

    public ModelExporter(Schema schema) {
        this.schema = schema;
    }

    /**
     * @param runId           the run the weights come from (recorded in every file)
     * @param standardization the run's global statistics the model expects inputs standardised with
     * @param provenance      further run facts for the Tribuo/ONNX provenance (rounds, privacy...)
     */
    public ModelFiles export(String runId, Weights weights, Standardization standardization,
                             Map<String, String> provenance) {
        var facts = new LinkedHashMap<String, String>();
        facts.put("run_id", runId);
        facts.put("schema_fingerprint", schema.fingerprint());
        facts.putAll(provenance);
        LinearSGDModel model = TribuoLinearModel.of(schema, weights, facts);
        var tribuo = new ByteArrayOutputStream();
        try {
            model.serializeToStream(tribuo);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise the Tribuo model", e);
        }
        byte[] onnx = OnnxExport.of(model, schema, 1).toByteArray();
        byte[] json = WeightsJson.bytes(WeightsJson.of(runId, schema, weights, standardization));
        return new ModelFiles(tribuo.toByteArray(), onnx, json);
    }
}
