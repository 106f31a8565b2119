package dev.pmad.agent.training;

import java.util.SplittableRandom;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;

/**
 * Tribuo's logistic-regression trainer, starting from given weights instead of zeros.
 *
 * <p>Tribuo has no public warm start; {@code createParameters} is the one hook called with the
 * dimensions of the pinned feature and output maps, so that is where the global model goes in.
 * The matrix is in Tribuo's layout (row = output id, column = feature id, bias last). Create one
 * trainer per round: its random stream advances with every call to {@code train}.
 */
final class WarmStartLinearSGDTrainer extends LinearSGDTrainer {
    private final DenseMatrix initial;

    WarmStartLinearSGDTrainer(DenseMatrix initial, StochasticGradientOptimiser optimiser, int epochs,
                              int minibatchSize, long seed) {
        super(new LogMulticlass(), optimiser, epochs, -1, minibatchSize, seed);
        this.initial = initial;
    }

    @Override
    protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom localRNG) {
        if (initial.getDimension1Size() != numOutputs || initial.getDimension2Size() != numFeatures + 1) {
            throw new IllegalStateException("warm-start matrix is " + initial.getDimension1Size() + "x"
                    + initial.getDimension2Size() + " but the data set needs " + numOutputs + "x" + (numFeatures + 1));
        }
        return new LinearParameters(new DenseMatrix(initial));
    }
}
