package dev.pmad.cli;

import dev.pmad.config.Env;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.secure.SecureAggregationSettings;
import picocli.CommandLine.Option;

/**
 * Secure aggregation for the federation commands ({@code simulate}, {@code local}, {@code demo}):
 * the command-line form of {@code SECURE_AGGREGATION*}.
 */
public final class SecureAggregationOptions {
    @Option(names = "--secure-aggregation",
            description = "Aggregate every round securely (SecAgg+): the coordinator learns only the sum of the agents'"
                    + " clipped, weighted deltas, never one agent's. Needs fedavg, fedprox, fedavgm or a server optimiser"
                    + " (fedadam, fedyogi, fedadagrad) and DP mode none, or DP mode central with fedavg or fedprox:"
                    + " distributed DP, each agent adds its share of the noise; turns the influence bound off unless"
                    + " --sample-cap/--norm-bound are set to other values than their defaults.")
    boolean enabled;

    @Option(names = "--secure-aggregation-threshold", defaultValue = "0", paramLabel = "T",
            description = "Shares needed to remove an agent's masks; 0 = a strict majority of its share holders, the"
                    + " smallest agents accept (default: ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--secure-aggregation-bits", defaultValue = "" + SecureAggregationSettings.DEFAULT_BITS,
            paramLabel = "BITS", description = "The ring is integers mod 2^BITS, 16..64 (default: ${DEFAULT-VALUE}).")
    int bits = SecureAggregationSettings.DEFAULT_BITS;

    @Option(names = "--secure-aggregation-neighbours", defaultValue = "-1", paramLabel = "K",
            description = "0 = every pair of agents masks (complete graph); an even K = each agent masks with K"
                    + " neighbours (SecAgg+); -1 = complete up to 64 agents, else about 3 log2 n (default: ${DEFAULT-VALUE}).")
    int neighbours = -1;

    @Option(names = "--secure-aggregation-clip", defaultValue = "" + SecureAggregationSettings.DEFAULT_CLIP,
            paramLabel = "C", description = "The L2 norm every agent clips its round delta to; the public bound of the"
                    + " quantization (default: ${DEFAULT-VALUE}, far above what training moves in a round).")
    double clip = SecureAggregationSettings.DEFAULT_CLIP;

    /**
     * {@code config} with these options; errors name the option.
     *
     * @param strategyChosen whether --strategy was given: if not, a default strategy that needs
     *                       more than the sum gives way to fedavg
     */
    CoordinatorConfig apply(CoordinatorConfig config, boolean strategyChosen) {
        return apply(config, settings(enabled, threshold, bits, neighbours, clip, "--secure-aggregation"), false,
                strategyChosen);
    }

    /**
     * {@code config} aggregating as {@code settings} says. With secure aggregation on, an influence
     * bound at its default values is turned off, and a default strategy that needs each update
     * ({@code strategyChosen} false) is replaced by fedavg (each agent's clip replaces it); one set explicitly
     * ({@code explicitBound}) or to other values is refused by the config, naming both settings.
     */
    static CoordinatorConfig apply(CoordinatorConfig config, SecureAggregationSettings settings, boolean explicitBound,
                                   boolean strategyChosen) {
        if (!settings.enabled()) return config;
        if (!strategyChosen && !SecureAggregationSettings.COMPATIBLE_STRATEGIES.contains(config.strategy().name())) {
            config = config.withStrategy(Strategies.parse("fedavg"));
        }
        if (!explicitBound && config.influenceBound().equals(InfluenceBound.DEFAULT)) {
            config = config.withInfluenceBound(InfluenceBound.OFF);
        }
        return config.withSecureAggregation(settings);
    }

    /** SECURE_AGGREGATION, _THRESHOLD, _BITS, _NEIGHBOURS and _CLIP, for the coordinator service. */
    static SecureAggregationSettings settings(Env env) {
        return settings(env.bool("SECURE_AGGREGATION", false), env.integer("SECURE_AGGREGATION_THRESHOLD", 0, 0, 100_000),
                env.integer("SECURE_AGGREGATION_BITS", SecureAggregationSettings.DEFAULT_BITS, 16, 64),
                env.integer("SECURE_AGGREGATION_NEIGHBOURS", -1, -1, 100_000),
                env.number("SECURE_AGGREGATION_CLIP", SecureAggregationSettings.DEFAULT_CLIP), "SECURE_AGGREGATION");
    }

    private static SecureAggregationSettings settings(boolean enabled, int threshold, int bits, int neighbours,
                                                      double clip, String prefix) {
        try {
            return new SecureAggregationSettings(enabled, threshold, bits, neighbours, clip);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (prefix.startsWith("--")) {
                message = message.replace("SECURE_AGGREGATION_THRESHOLD", "--secure-aggregation-threshold")
                        .replace("SECURE_AGGREGATION_BITS", "--secure-aggregation-bits")
                        .replace("SECURE_AGGREGATION_NEIGHBOURS", "--secure-aggregation-neighbours")
                        .replace("SECURE_AGGREGATION_CLIP", "--secure-aggregation-clip");
            }
            throw new IllegalArgumentException(message);
        }
    }
}
