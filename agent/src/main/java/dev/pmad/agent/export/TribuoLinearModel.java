package dev.pmad.agent.export;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Weights;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Builds a Tribuo {@link LinearSGDModel} holding exactly the federation's weights, with the
 * feature and label maps pinned from the schema (as the agents' trainer pins them).
 *
 * <p>Not for training: the model is produced by a zero-epoch run of Tribuo's trainer (see
 * {@link FixedWeightsTrainer}) on an empty data set, so its data provenance names the run,
 * not any rows: none of them left the agents.
 */
public final class TribuoLinearModel {
    private TribuoLinearModel() {}

    /**
     * @param schema     the federation's shared schema
     * @param weights    PMAD's canonical layout: one row of {@code features + 1} per class, bias last
     * @param provenance run facts to record in the model's provenance (run id, rounds, privacy...)
     */
    public static LinearSGDModel of(Schema schema, Weights weights, Map<String, String> provenance) {
        ModelShape shape = shapeOf(schema);
        if (weights.size() != shape.size()) {
            throw new IllegalArgumentException("the model has " + weights.size() + " weights but the schema needs "
                    + shape.size() + " (" + shape.classes() + " classes x " + shape.rowLength()
                    + "); export with the schema the federation trained with");
        }
        LabelFactory factory = new LabelFactory();
        MutableFeatureMap features = new MutableFeatureMap();
        for (String name : schema.encodedNames()) features.add(name, 0.0);
        ImmutableFeatureMap featureMap = new ImmutableFeatureMap(features);
        MutableOutputInfo<Label> labels = factory.generateInfo();
        for (String c : schema.classes()) labels.observe(new Label(c));
        ImmutableOutputInfo<Label> labelInfo = labels.generateImmutableOutputInfo();

        var dataset = new ImmutableDataset<>(List.of(), new SimpleDataSourceProvenance(
                "pmad federated model " + provenance.getOrDefault("run_id", ""), factory), factory, featureMap,
                labelInfo, false);
        var runProvenance = new TreeMap<String, Provenance>();
        provenance.forEach((k, v) -> runProvenance.put(k, new StringProvenance(k, v)));
        return new FixedWeightsTrainer(toTribuo(weights.toArray(), shape, schema, featureMap, labelInfo))
                .train(dataset, runProvenance);
    }

    static ModelShape shapeOf(Schema schema) {
        return new ModelShape(schema.classes().size(), schema.encodedWidth());
    }

    private static DenseMatrix toTribuo(double[] w, ModelShape shape, Schema schema, ImmutableFeatureMap featureMap,
                                        ImmutableOutputInfo<Label> labelInfo) {
        List<String> names = schema.encodedNames();
        DenseMatrix m = new DenseMatrix(shape.classes(), shape.features() + 1);
        int row = shape.rowLength();
        for (int c = 0; c < shape.classes(); c++) {
            int label = labelInfo.getID(new Label(schema.classes().get(c)));
            for (int j = 0; j < shape.features(); j++) m.set(label, featureMap.getID(names.get(j)), w[c * row + j]);
            m.set(label, shape.features(), w[c * row + shape.features()]);
        }
        return m;
    }
}
