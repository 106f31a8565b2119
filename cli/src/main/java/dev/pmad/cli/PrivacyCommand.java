package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.privacy.accounting.EpsilonResult;
import dev.pmad.privacy.accounting.NoiseCalibration;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Ask the Renyi-DP accountant (Poisson-subsampled Gaussian mechanism).",
        subcommands = {PrivacyCommand.Epsilon.class, PrivacyCommand.Noise.class})
final class PrivacyCommand {

    /** The mechanism both questions are about: T steps at sampling rate Q, judged at delta D. */
    static final class Mechanism {
        @Option(names = "--sample-rate", defaultValue = "1", paramLabel = "Q",
                description = "Sampling rate per step: batch / rows for DP-SGD; for a central-mode run, the"
                        + " --fraction (FRACTION_FIT) its agents are drawn with, with T = its rounds (default: ${DEFAULT-VALUE}).")
        double sampleRate;

        @Option(names = "--steps", defaultValue = "1", paramLabel = "T", description = "Number of steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D", description = "Delta (default: ${DEFAULT-VALUE}).")
        double delta;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        void validate() {
            if (!(sampleRate > 0 && sampleRate <= 1)) throw new IllegalArgumentException("--sample-rate must be in (0, 1], was " + sampleRate);
            if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, was " + steps);
            if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("--delta must be in (0, 1), was " + delta);
        }

        double epsilonOf(double noiseMultiplier) {
            return accountant(noiseMultiplier).epsilon(delta);
        }

        RdpAccountant accountant(double noiseMultiplier) {
            var accountant = new RdpAccountant();
            accountant.composeSubsampledGaussian(sampleRate, noiseMultiplier, steps);
            return accountant;
        }

        ObjectNode json() {
            return new ObjectMapper().createObjectNode().put("delta", delta).put("sampleRate", sampleRate).put("steps", steps);
        }
    }

    @Command(name = "epsilon", mixinStandardHelpOptions = true,
            description = "Epsilon spent by T steps of the subsampled Gaussian mechanism.")
    static final class Epsilon implements Callable<Integer> {
        @Option(names = "--noise-multiplier", required = true, paramLabel = "Z", description = "Noise stddev / clip norm.")
        double noiseMultiplier;

        @Mixin Mechanism mechanism;

        @Override
        public Integer call() throws Exception {
            if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
                throw new IllegalArgumentException("--noise-multiplier must be a positive number, was " + noiseMultiplier);
            }
            mechanism.validate();
            EpsilonResult r = mechanism.accountant(noiseMultiplier).epsilonAndOrder(mechanism.delta);
            ObjectNode out = mechanism.json().put("epsilon", r.epsilon()).put("order", r.order()).put("noiseMultiplier", noiseMultiplier);
            if (mechanism.json) System.out.println(new ObjectMapper().writeValueAsString(out));
            else System.out.printf(Locale.ROOT, "epsilon %.4f at delta %.1e (best RDP order %s)%n", r.epsilon(), mechanism.delta, r.order());
            return 0;
        }
    }

    @Command(name = "noise", mixinStandardHelpOptions = true,
            description = "Smallest noise multiplier whose T steps spend at most the target epsilon.")
    static final class Noise implements Callable<Integer> {
        @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Target epsilon.")
        double epsilon;

        @Mixin Mechanism mechanism;

        @Override
        public Integer call() throws Exception {
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("--epsilon must be a positive number, was " + epsilon);
            mechanism.validate();
            double z = NoiseCalibration.gaussianNoiseMultiplier(epsilon, mechanism.delta, mechanism.sampleRate, mechanism.steps);
            double spent = mechanism.epsilonOf(z);
            ObjectNode out = mechanism.json().put("noiseMultiplier", z).put("epsilon", spent).put("targetEpsilon", epsilon);
            if (mechanism.json) System.out.println(new ObjectMapper().writeValueAsString(out));
            else System.out.printf(Locale.ROOT, "noise multiplier %.6f (epsilon %.4f of target %.4f at delta %.1e)%n", z, spent, epsilon, mechanism.delta);
            return 0;
        }
    }
}
