package dev.pmad.agent.engine;

import dev.pmad.agent.data.Schema;
import dev.pmad.agent.training.DriftCorrection;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.util.random.RandomGenerator;

/**
 * Where one agent's data lives and its local computation runs: in this JVM ({@link
 * InMemoryEngine}, Tribuo) or on a Spark cluster (the {@code spark-agent} module). The agent's
 * state machine, privacy ledger and protocol are the same for every engine; only the engine
 * touches records, and it returns only what the agent may release after privacy processing:
 * weights, aggregate counts, a mean loss.
 *
 * <p>Every engine uses the same schema, the same global standardisation and the same weight
 * layout ({@link ModelShape}), and steps on the mean gradient of a batch, so agents of different
 * kinds train the same model. Called only from the agent's loop thread.
 */
public interface LocalEngine extends AutoCloseable {

    /** Sent in JOIN and shown on the dashboard: {@code tribuo}, {@code spark}. */
    String kind();

    Schema schema();

    int trainSize();

    int testSize();

    /** Count, sum and sum of squares of each numeric feature over the training split (for JOIN). */
    FeatureStats trainStats();

    /** Encodes local data under the run's global standardisation; cheap when it is unchanged. */
    void prepare(Standardization standardization);

    /** Weights after local training from {@code start}, without DP; {@code seed} fixes sampling. */
    double[] train(double[] start, ModelShape shape, TrainingParams params, long seed);

    /**
     * DP-SGD (record mode): Poisson sampling with rate batch/n drawn from {@code random},
     * per-example clipping to {@code clipNorm}, Gaussian noise of {@code noiseMultiplier x
     * clipNorm} added once per step, division by the expected batch size. The step count and
     * sampling rate must be {@link dev.pmad.privacy.plan.PrivacyPlanner}'s, which the ledger
     * accounted.
     */
    double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                        double noiseMultiplier, RandomGenerator random);

    /**
     * Local SGD as {@link #train(double[], ModelShape, TrainingParams, long)}, with {@code
     * correction} added to every step's mean gradient (FedProx's proximal term, SCAFFOLD's
     * control-variate shift). Without a correction it is plain {@code train}.
     *
     * @throws UnsupportedOperationException when this engine cannot add a correction
     */
    default double[] train(double[] start, ModelShape shape, TrainingParams params, long seed, DriftCorrection correction) {
        if (correction.none()) return train(start, shape, params, seed);
        throw new UnsupportedOperationException("the " + kind() + " engine does not implement the local steps of"
                + " FedProx or SCAFFOLD; run the federation with another strategy (e.g. --strategy fedavg)");
    }

    /**
     * DP-SGD as {@link #trainDpSgd(double[], ModelShape, TrainingParams, double, double,
     * RandomGenerator)}, with FedProx's proximal term added to every step's noised mean gradient
     * (it reads no record, so the accounting is unchanged).
     *
     * @throws UnsupportedOperationException when this engine cannot add it
     * @throws IllegalArgumentException      if {@code proximal} carries a SCAFFOLD shift
     */
    default double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                                double noiseMultiplier, RandomGenerator random, DriftCorrection proximal) {
        if (proximal.shifted()) throw new IllegalArgumentException("DP-SGD takes no control-variate shift");
        if (proximal.none()) return trainDpSgd(start, shape, params, clipNorm, noiseMultiplier, random);
        throw new UnsupportedOperationException("the " + kind() + " engine does not implement FedProx's proximal"
                + " term in DP-SGD; run the federation with another strategy (e.g. --strategy fedavg)");
    }

    /**
     * K, the local steps one round of {@code train} takes: {@code epochs x ceil(n / batch)}
     * (SCAFFOLD's option II divides by it).
     */
    default int localSteps(TrainingParams params) {
        return PrivacyPlanner.recordStepsPerRound(trainSize(), params.batchSize(), params.epochs());
    }

    /**
     * Federated Newton's sums over the training split at {@code w} (see {@link
     * dev.pmad.agent.training.NewtonStatistics}): rows scaled to norm at most {@code rowClip}
     * (with their bias input) when it is above 0, and the curvature asked for.
     *
     * @throws UnsupportedOperationException when this engine cannot compute them
     */
    default NewtonSums newtonSums(double[] w, ModelShape shape, double rowClip, NewtonSums.Curvature curvature) {
        throw new UnsupportedOperationException("the " + kind() + " engine does not compute federated Newton's sums;"
                + " run the federation with another strategy (e.g. --strategy fedavg)");
    }

    /** Mean cross-entropy of {@code w} on the training split. */
    double meanTrainLoss(double[] w, ModelShape shape);

    /** Confusion matrix and summed loss of {@code w} on the local test split. */
    EvaluationCounts evaluate(double[] w, ModelShape shape);

    @Override
    void close();
}
