package dev.pmad.agent.training;

import dev.pmad.agent.data.Schema;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Local training with Tribuo's {@code LinearSGDTrainer} (multinomial logistic regression, plain
 * SGD), warm-started from the global weights: the agents' trainer until {@link SgdTrainer}
 * replaced it (it rebuilt Tribuo's feature vectors every round), kept here as the reference that
 * {@link SgdTrainer} must match up to rounding ({@code SgdTrainerTest}).
 *
 * <p>The feature map and the label map are pinned from the schema, not learned from local data:
 * an agent that never sees a class or a category still has a weight row/column for it, and
 * {@link #toTribuo}/{@link #fromTribuo} translate between Tribuo's ids and the schema's order,
 * so weight index i means the same on every agent.
 */
public final class TribuoTrainer implements LocalTrainer {
    private final ImmutableDataset<Label> dataset;
    private final int[] featureIds;
    private final int[] labelIds;

    public TribuoTrainer(Schema schema, double[][] x, int[] y) {
        LabelFactory factory = new LabelFactory();
        List<String> names = schema.encodedNames();
        String[] nameArray = names.toArray(String[]::new);
        MutableFeatureMap features = new MutableFeatureMap();
        for (String name : names) features.add(name, 0.0);
        ImmutableFeatureMap featureMap = new ImmutableFeatureMap(features);
        MutableOutputInfo<Label> labels = factory.generateInfo();
        for (String c : schema.classes()) labels.observe(new Label(c));
        ImmutableOutputInfo<Label> labelInfo = labels.generateImmutableOutputInfo();

        List<Example<Label>> examples = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            examples.add(new ArrayExample<>(new Label(schema.classes().get(y[i])), nameArray, x[i].clone()));
        }
        this.dataset = new ImmutableDataset<>(examples, new SimpleDataSourceProvenance("pmad-local-train", factory),
                factory, featureMap, labelInfo, false);
        this.featureIds = names.stream().mapToInt(featureMap::getID).toArray();
        this.labelIds = schema.classes().stream().mapToInt(c -> labelInfo.getID(new Label(c))).toArray();
    }

    @Override
    public String kind() {
        return "tribuo";
    }

    @Override
    public double[] train(double[] start, ModelShape shape, TrainingParams params, long seed) {
        if (dataset.size() == 0) return start.clone();
        // PMAD's learning rate is the step on the MEAN gradient of a batch (as in DP-SGD). Tribuo
        // sums a minibatch's gradients and then multiplies by the batch size, i.e. steps by
        // lr * B^2 * mean gradient; dividing by B^2 gives the same semantics on both trainers.
        double b = params.batchSize();
        var trainer = new WarmStartLinearSGDTrainer(toTribuo(start, shape), SGD.getSimpleSGD(params.learningRate() / (b * b)),
                params.epochs(), params.batchSize(), seed);
        LinearSGDModel model = trainer.train(dataset);
        return fromTribuo(model.getWeightsCopy(), shape);
    }

    DenseMatrix toTribuo(double[] w, ModelShape shape) {
        DenseMatrix m = new DenseMatrix(shape.classes(), shape.features() + 1);
        int row = shape.rowLength();
        for (int c = 0; c < shape.classes(); c++) {
            for (int j = 0; j < shape.features(); j++) m.set(labelIds[c], featureIds[j], w[c * row + j]);
            m.set(labelIds[c], shape.features(), w[c * row + shape.features()]);
        }
        return m;
    }

    double[] fromTribuo(DenseMatrix m, ModelShape shape) {
        double[] w = new double[shape.size()];
        int row = shape.rowLength();
        for (int c = 0; c < shape.classes(); c++) {
            for (int j = 0; j < shape.features(); j++) w[c * row + j] = m.get(labelIds[c], featureIds[j]);
            w[c * row + shape.features()] = m.get(labelIds[c], shape.features());
        }
        return w;
    }
}
