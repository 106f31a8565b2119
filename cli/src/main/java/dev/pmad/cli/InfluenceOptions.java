package dev.pmad.cli;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.InfluenceBound;
import picocli.CommandLine.Option;

/**
 * How far one agent may move a round, for the federation commands ({@code simulate},
 * {@code local}, {@code demo}): the command-line form of {@code SAMPLE_CAP} and {@code NORM_BOUND}.
 */
public final class InfluenceOptions {
    @Option(names = "--sample-cap", defaultValue = "" + InfluenceBound.DEFAULT_SAMPLE_CAP, paramLabel = "C",
            description = "An agent weighs at most C times the round's median declared training rows; 0 = no cap"
                    + " (default: ${DEFAULT-VALUE}).")
    double sampleCap = InfluenceBound.DEFAULT_SAMPLE_CAP;

    @Option(names = "--norm-bound", defaultValue = "" + InfluenceBound.DEFAULT_NORM_BOUND, paramLabel = "B",
            description = "Every vector an update carries (delta, Newton gradient and curvature, SCAFFOLD control) is cut"
                    + " to at most B times the round's median norm of that vector; 0 = unbounded. Not applied in central"
                    + " DP mode, whose clip bounds every agent (default: ${DEFAULT-VALUE}).")
    double normBound = InfluenceBound.DEFAULT_NORM_BOUND;

    /** {@code config} with these options; errors name the option. */
    CoordinatorConfig apply(CoordinatorConfig config) {
        return config.withInfluenceBound(bound(sampleCap, normBound, "--sample-cap", "--norm-bound"));
    }

    /** The bound, with an error naming {@code capName} or {@code normName} (options or environment variables). */
    static InfluenceBound bound(double sampleCap, double normBound, String capName, String normName) {
        try {
            return new InfluenceBound(sampleCap, normBound);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("SAMPLE_CAP", capName).replace("NORM_BOUND", normName));
        }
    }
}
