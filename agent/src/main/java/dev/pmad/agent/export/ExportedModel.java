package dev.pmad.agent.export;

import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.training.Softmax;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A run's model read back from its directory: the schema, the global standardisation and the
 * weights, scoring raw rows exactly as the federation's evaluation scored its test rows (same
 * encoding, same double-precision arithmetic, same tie-break), so a labelled file scored here
 * gives the run's accuracy to the last digit. Immutable and thread-safe.
 *
 * <p>For Tribuo's own model of the same weights, see {@link RawTribuoModel}; for other languages,
 * the directory's {@code model.onnx}.
 */
public final class ExportedModel {
    private final String runId;
    private final Schema schema;
    private final Standardization standardization;
    private final Weights weights;
    private final FeatureEncoder encoder;
    private final ModelShape shape;
    private final double[] w;

    ExportedModel(String runId, Schema schema, Standardization standardization, Weights weights) {
        this.runId = runId;
        this.schema = schema;
        this.standardization = standardization;
        this.weights = weights;
        this.encoder = new FeatureEncoder(schema, standardization);
        this.shape = TribuoLinearModel.shapeOf(schema);
        this.w = weights.toArray();
    }

    /**
     * Reads {@code dir/weights.json}.
     *
     * @throws DataException naming the directory and what to pass instead when it holds no model
     */
    public static ExportedModel load(Path dir) {
        Path file = dir.resolve(ModelFiles.WEIGHTS_FILE);
        try {
            return WeightsJson.read(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new DataException(dir + ": not a PMAD model directory (no " + ModelFiles.WEIGHTS_FILE + "); pass the"
                    + " model/ directory of a run, e.g. runs/<run-id>/model");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public String runId() {
        return runId;
    }

    public Schema schema() {
        return schema;
    }

    public Standardization standardization() {
        return standardization;
    }

    /** PMAD's canonical layout: one row of {@code features + 1} per class, bias last. */
    public Weights weights() {
        return weights;
    }

    /** Class probabilities in the schema's class order, for a row as {@code CsvRows} parses it. */
    public double[] probabilities(double[] numeric, int[] categorical) {
        double[] p = new double[shape.classes()];
        Softmax.probabilities(w, shape, encoder.encodeRow(numeric, categorical), p);
        return p;
    }

    /** The index of the most probable class; the first of equals, as the federation's evaluation picks. */
    public static int predicted(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
        return best;
    }
}
