package dev.pmad.cli;

import picocli.CommandLine.Option;

/** Rounds and local training hyper-parameters. */
public final class TrainingOptions {
    @Option(names = "--rounds", defaultValue = "10", description = "Federated rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--epochs", defaultValue = "1", description = "Local epochs per round (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.05",
            description = "SGD step size (default: ${DEFAULT-VALUE}; in record mode the step is taken on the mean clipped gradient).")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "0",
            description = "Round r trains with learning-rate / (1 + decay*(r-1)) (default: ${DEFAULT-VALUE}).")
    double learningRateDecay;

    @Option(names = "--batch-size",
            description = "Examples per SGD step (default: 1; with --dp-mode record: 64, the expected Poisson batch).")
    Integer batchSize;

    int batchSize(boolean recordMode) {
        return batchSize != null ? batchSize : recordMode ? 64 : 1;
    }
}
