package dev.pmad.agent.engine;

import dev.pmad.agent.data.Schema;
import dev.pmad.agent.training.EvaluationCounts;
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
