package dev.pmad.protocol;

/**
 * Local training hyper-parameters of one round.
 *
 * @param epochs       passes over the local training split per round
 * @param learningRate step size of plain SGD
 * @param batchSize    examples per SGD step (expected batch size under Poisson sampling in
 *                     {@code record} privacy mode)
 * @param seed         the run's seed; agents derive their own per-round seeds from it
 */
public record TrainingParams(int epochs, double learningRate, int batchSize, long seed) {
    public TrainingParams {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, was " + learningRate);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
}
