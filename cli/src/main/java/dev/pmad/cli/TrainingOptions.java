package dev.pmad.cli;

import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Rounds and local training hyper-parameters. */
public final class TrainingOptions {
    @Option(names = "--rounds", defaultValue = "10", description = "Federated rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--epochs", defaultValue = "1", description = "Local epochs per round, for the SGD strategies (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.05",
            description = "SGD step size, for the SGD strategies (default: ${DEFAULT-VALUE}; in record mode the step is taken on"
                    + " the mean clipped gradient).")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "0",
            description = "Round r trains with learning-rate / (1 + decay*(r-1)) (default: ${DEFAULT-VALUE}).")
    double learningRateDecay;

    @Option(names = "--batch-size",
            description = "Examples per SGD step (default: 1; with --dp-mode record: 64, the expected Poisson batch).")
    Integer batchSize;

    @Option(names = "--strategy", paramLabel = "NAME",
            description = "How the coordinator combines a round's updates: newton, fedavg, fedavgm, fedadagrad, fedadam,"
                    + " fedyogi, fedprox, scaffold, fedmedian, fedtrimmedavg or krum (default: newton, the exact optimum in a few rounds;"
                    + " fedavg with --dp-mode local or central, --fraction below 1 or a model above 1000 weights; see the README).")
    String strategy;

    @Option(names = "--strategy-option", paramLabel = "KEY=VALUE",
            description = "A hyper-parameter of the strategy, e.g. eta=0.05 for fedadam or mu=0.1 for fedprox; repeatable.")
    Map<String, String> strategyOptions = new LinkedHashMap<>();

    /**
     * The strategy named by --strategy with its --strategy-option values, or the default for this
     * privacy mode and model ({@link Strategies#defaultFor}); errors name the option.
     */
    Strategy strategy(PrivacyMode mode, ModelShape shape, double fraction) {
        try {
            if (strategy == null) {
                Strategy chosen = Strategies.defaultFor(mode, shape, fraction);
                return strategyOptions.isEmpty() ? chosen : Strategies.parse(chosen.name(), strategyOptions);
            }
            return Strategies.parse(strategy, strategyOptions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--strategy/--strategy-option: " + e.getMessage());
        }
    }

    int batchSize(boolean recordMode) {
        int b = batchSize != null ? batchSize : recordMode ? 64 : 1;
        if (b < 1) throw new IllegalArgumentException("--batch-size must be at least 1, was " + b);
        return b;
    }

    /** Checks the local training options, naming the option a user must change. */
    void validate() {
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, was " + epochs);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate must be a positive number, was " + learningRate);
        }
        if (!(learningRateDecay >= 0) || !Double.isFinite(learningRateDecay)) {
            throw new IllegalArgumentException("--lr-decay must be a number >= 0, was " + learningRateDecay);
        }
    }
}
