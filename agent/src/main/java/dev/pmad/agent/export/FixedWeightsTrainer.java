package dev.pmad.agent.export;

import java.util.SplittableRandom;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;

/**
 * Tribuo's logistic-regression trainer run for zero epochs from given weights: the only public
 * way to obtain a {@code LinearSGDModel} whose weights are exactly the ones given (its constructor
 * is package-private). With no epoch no gradient step runs, so nothing about the data set or the
 * optimiser can move a weight; the objective stays {@link LogMulticlass} so the model normalises
 * with softmax, as the federation scored it.
 */
final class FixedWeightsTrainer extends LinearSGDTrainer {
    private final DenseMatrix weights;

    /** @param weights Tribuo layout: row = output id, column = feature id, bias last */
    FixedWeightsTrainer(DenseMatrix weights) {
        super(new LogMulticlass(), SGD.getSimpleSGD(0.0), 0, -1, 1, 0L);
        this.weights = weights;
    }

    @Override
    protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom localRNG) {
        if (weights.getDimension1Size() != numOutputs || weights.getDimension2Size() != numFeatures + 1) {
            throw new IllegalStateException("weights are " + weights.getDimension1Size() + "x"
                    + weights.getDimension2Size() + " but the schema needs " + numOutputs + "x" + (numFeatures + 1));
        }
        return new LinearParameters(new DenseMatrix(weights));
    }
}
