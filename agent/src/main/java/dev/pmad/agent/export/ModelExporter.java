package dev.pmad.agent.export;

import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

/**
 * Turns a federation's final weights into {@link ModelFiles}: the ONNX graph on raw columns, the
 * Tribuo model, the weights JSON, the MLflow model files and the model card, all from the same
 * weights and statistics. Stateless and thread-safe.
 */
public final class ModelExporter {
    private final Schema schema;

    public ModelExporter(Schema schema) {
        this.schema = schema;
    }

    /**
     * @param standardization the run's global statistics, which the agents standardised with
     * @param facts           the run the weights come from, recorded in every file
     */
    public ModelFiles export(Weights weights, Standardization standardization, ModelFacts facts) {
        var provenance = new LinkedHashMap<String, String>(facts.asStrings());
        provenance.put("schema_fingerprint", schema.fingerprint());
        LinearSGDModel model = TribuoLinearModel.of(schema, weights, provenance);
        var tribuo = new ByteArrayOutputStream();
        try {
            model.serializeToStream(tribuo);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise the Tribuo model", e);
        }
        var metadata = new LinkedHashMap<String, String>();
        provenance.forEach((k, v) -> metadata.put("pmad." + k, v));
        var files = new LinkedHashMap<String, byte[]>();
        files.put(ModelFiles.ONNX_FILE, OnnxExport.of(schema, standardization, weights, metadata).toByteArray());
        files.put(ModelFiles.TRIBUO_FILE, tribuo.toByteArray());
        files.put(ModelFiles.WEIGHTS_FILE, WeightsJson.bytes(WeightsJson.of(facts.runId(), schema, weights, standardization)));
        files.putAll(MlflowModel.files(schema, standardization, facts));
        files.put(ModelFiles.CARD_FILE, ModelCard.markdown(schema, standardization, facts).getBytes(StandardCharsets.UTF_8));
        return new ModelFiles(files);
    }

    /** As {@link #export(Weights, Standardization, ModelFacts)}, for a model with no run behind it but an id. */
    public ModelFiles export(String runId, Weights weights, Standardization standardization) {
        return export(weights, standardization, ModelFacts.of(runId));
    }
}
