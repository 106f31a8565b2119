package dev.pmad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.CoordinatorConfig;
import picocli.CommandLine.Option;

/**
 * Client sampling of the federation commands ({@code simulate}, {@code local}, {@code demo}):
 * the command-line form of {@code FRACTION_FIT} and {@code MIN_AGENTS}.
 */
public final class SamplingOptions {
    @Option(names = "--fraction", defaultValue = "1", paramLabel = "F",
            description = "Probability that an agent takes part in a round, drawn secretly and independently for every"
                    + " agent and round (Poisson sampling); in central DP mode the accountant counts the sampling"
                    + " (amplification by sampling). 1 = every agent every round (default: ${DEFAULT-VALUE}).")
    double fraction = 1;

    @Option(names = "--min-agents", paramLabel = "M",
            description = "The floor of a round: a run starts with M agents, and outside central DP mode a draw of fewer"
                    + " than M agents is topped up to M and a round needs M updates; in central mode a round runs with"
                    + " whoever was drawn (default: every agent; with --fraction below 1, 2).")
    Integer minAgents;

    /** {@code config} with these options, for a federation of {@code agents}; errors name the option. */
    CoordinatorConfig apply(CoordinatorConfig config, int agents) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("--fraction must be a number in (0, 1], was " + fraction
                    + ": the probability that an agent takes part in a round (1 = every agent every round)");
        }
        int floor = minAgents != null ? minAgents
                : fraction == 1 ? agents
                : Math.min(agents, Math.max(2, config.strategy().minUpdates()));
        if (floor < 1 || floor > agents) {
            throw new IllegalArgumentException("--min-agents must be between 1 and --agents (" + agents + "), was " + floor);
        }
        return config.withClientSampling(fraction, floor);
    }

    /** What the run's JSON says about its sampling. */
    static void describe(ObjectNode out, CoordinatorConfig config) {
        out.putObject("sampling").put("fraction", config.fraction()).put("minAgents", config.minAgents());
    }
}
