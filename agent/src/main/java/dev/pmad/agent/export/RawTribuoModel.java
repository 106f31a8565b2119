package dev.pmad.agent.export;

import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.Standardization;
import java.io.IOException;
import java.nio.file.Path;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A run's Tribuo model ({@code model.tribuo}) on raw rows: each row is encoded with the schema and
 * the run's global standardisation as the agents encoded theirs, then handed to Tribuo. The
 * Tribuo model alone expects encoded features ({@code age}, {@code sex=Female}, ...), which is
 * what this class spares its users. Immutable; as thread-safe as Tribuo's {@code predict}.
 */
public final class RawTribuoModel {
    private final Model<Label> model;
    private final Schema schema;
    private final FeatureEncoder encoder;
    private final String[] names;

    public RawTribuoModel(Model<Label> model, Schema schema, Standardization standardization) {
        this.model = model;
        this.schema = schema;
        this.encoder = new FeatureEncoder(schema, standardization);
        this.names = schema.encodedNames().toArray(String[]::new);
    }

    /** The Tribuo model of the run whose model directory is {@code dir}, with that run's schema and statistics. */
    public static RawTribuoModel load(Path dir) {
        ExportedModel exported = ExportedModel.load(dir);
        Path file = dir.resolve(ModelFiles.TRIBUO_FILE);
        try {
            Model<Label> model = Model.deserializeFromFile(file).castModel(Label.class);
            return new RawTribuoModel(model, exported.schema(), exported.standardization());
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new DataException(file + ": not a Tribuo classification model (" + e.getMessage() + ")");
        }
    }

    public Model<Label> model() {
        return model;
    }

    /** Tribuo's prediction for a row as {@code CsvRows} parses it (raw numbers, NaN and -1 for missing). */
    public Prediction<Label> predict(double[] numeric, int[] categorical) {
        double[] x = encoder.encodeRow(numeric, categorical);
        return model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, x));
    }

    /** Tribuo's class probabilities in the schema's class order. */
    public double[] probabilities(double[] numeric, int[] categorical) {
        var scores = predict(numeric, categorical).getOutputScores();
        double[] p = new double[schema.classes().size()];
        for (int c = 0; c < p.length; c++) p[c] = scores.get(schema.classes().get(c)).getScore();
        return p;
    }
}
