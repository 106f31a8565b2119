package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.privacy.accounting.EpsilonResult;
import dev.pmad.privacy.accounting.NoiseCalibration;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Ask the Renyi-DP accountant (Poisson-subsampled Gaussian mechanism).",
        subcommands = {PrivacyCommand.Epsilon.class, PrivacyCommand.Noise.class})
final class PrivacyCommand {

    @Command(name = "epsilon", mixinStandardHelpOptions = true,
            description = "Epsilon spent by T steps of the subsampled Gaussian mechanism.")
    static final class Epsilon implements Callable<Integer> {
        @Option(names = "--noise-multiplier", required = true, paramLabel = "Z", description = "Noise stddev / clip norm.")
        double noiseMultiplier;

        @Option(names = "--sample-rate", defaultValue = "1", paramLabel = "Q", description = "Sampling rate per step (default: ${DEFAULT-VALUE}).")
        double sampleRate;

        @Option(names = "--steps", defaultValue = "1", paramLabel = "T", description = "Number of steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D", description = "Delta (default: ${DEFAULT-VALUE}).")
        double delta;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
                throw new IllegalArgumentException("--noise-multiplier must be a positive number, was " + noiseMultiplier);
            }
            if (!(sampleRate > 0 && sampleRate <= 1)) throw new IllegalArgumentException("--sample-rate must be in (0, 1], was " + sampleRate);
            if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, was " + steps);
            if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("--delta must be in (0, 1), was " + delta);
            var accountant = new RdpAccountant();
            accountant.composeSubsampledGaussian(sampleRate, noiseMultiplier, steps);
            EpsilonResult r = accountant.epsilonAndOrder(delta);
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("epsilon", r.epsilon()).put("delta", delta).put("order", r.order())
                    .put("noiseMultiplier", noiseMultiplier).put("sampleRate", sampleRate).put("steps", steps);
            if (json) System.out.println(new ObjectMapper().writeValueAsString(out));
            else System.out.printf(Locale.ROOT, "epsilon %.4f at delta %.1e (best RDP order %s)%n", r.epsilon(), delta, r.order());
            return 0;
        }
    }

    @Command(name = "noise", mixinStandardHelpOptions = true,
            description = "Smallest noise multiplier whose T steps spend at most the target epsilon.")
    static final class Noise implements Callable<Integer> {
        @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Target epsilon.")
        double epsilon;

        @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D", description = "Delta (default: ${DEFAULT-VALUE}).")
        double delta;

        @Option(names = "--sample-rate", defaultValue = "1", paramLabel = "Q", description = "Sampling rate per step (default: ${DEFAULT-VALUE}).")
        double sampleRate;

        @Option(names = "--steps", defaultValue = "1", paramLabel = "T", description = "Number of steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("--epsilon must be a positive number, was " + epsilon);
            if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("--delta must be in (0, 1), was " + delta);
            if (!(sampleRate > 0 && sampleRate <= 1)) throw new IllegalArgumentException("--sample-rate must be in (0, 1], was " + sampleRate);
            if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, was " + steps);
            double z = NoiseCalibration.gaussianNoiseMultiplier(epsilon, delta, sampleRate, steps);
            var accountant = new RdpAccountant();
            accountant.composeSubsampledGaussian(sampleRate, z, steps);
            double spent = accountant.epsilon(delta);
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("noiseMultiplier", z).put("epsilon", spent).put("targetEpsilon", epsilon).put("delta", delta)
                    .put("sampleRate", sampleRate).put("steps", steps);
            if (json) System.out.println(new ObjectMapper().writeValueAsString(out));
            else System.out.printf(Locale.ROOT, "noise multiplier %.6f (epsilon %.4f of target %.4f at delta %.1e)%n", z, spent, epsilon, delta);
            return 0;
        }
    }
}
