package dev.pmad.protocol;

/**
 * Local training hyper-parameters of one round.
 *
 * @param epochs       passes over the local training split per round
 * @param learningRate step size of plain SGD
 * @param batchSize    examples per SGD step (expected batch size under Poisson sampling in
 *                     {@code record} privacy mode)
 * @param seed         the run's seed; agents derive their own per-round seeds from it
 * @param procedure    what the agent computes this round (local SGD, FedProx, SCAFFOLD or Newton statistics)
 */
public record TrainingParams(int epochs, double learningRate, int batchSize, long seed, Procedure procedure) {
    /** Plain local SGD. */
    public TrainingParams(int epochs, double learningRate, int batchSize, long seed) {
        this(epochs, learningRate, batchSize, seed, Procedure.sgd());
    }

    public TrainingParams {
        Checks.present(procedure, "training.procedure");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, was " + learningRate);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }

    public TrainingParams withProcedure(Procedure next) {
        return new TrainingParams(epochs, learningRate, batchSize, seed, next);
    }
}
