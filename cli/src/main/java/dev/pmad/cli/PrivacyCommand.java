package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.privacy.accounting.Accountant;
import dev.pmad.privacy.accounting.Neighbours;
import dev.pmad.privacy.accounting.NoiseCalibration;
import dev.pmad.privacy.accounting.PldAccountant;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Ask the privacy accountants (PLD and Renyi DP) about the Poisson-subsampled Gaussian mechanism, or audit"
                + " a configuration empirically with canaries.",
        subcommands = {PrivacyCommand.Epsilon.class, PrivacyCommand.Noise.class, AuditCommand.class})
final class PrivacyCommand {

    /** The mechanism both questions are about: T steps at sampling rate Q, judged at delta D by an accountant. */
    static final class Mechanism {
        @Option(names = "--sample-rate", defaultValue = "1", paramLabel = "Q",
                description = "Sampling rate per step: batch / rows for DP-SGD; for a central-mode run, the"
                        + " --fraction (FRACTION_FIT) its agents are drawn with, with T = its rounds and"
                        + " --neighbours replace-one (default: ${DEFAULT-VALUE}).")
        double sampleRate;

        @Option(names = "--neighbours", defaultValue = "add-or-remove", paramLabel = "add-or-remove|replace-one",
                description = "Which neighbours the steps hide, when sampled: add-or-remove (DP-SGD's records; the"
                        + " noise multiplier relative to one contribution's bound) or replace-one (central mode's"
                        + " agents; relative to what replacing one contribution by another can move the sum,"
                        + " 2 x the clip norm). The same mechanism at --sample-rate 1 (default: ${DEFAULT-VALUE}).")
        String neighboursText;

        @Option(names = "--discrete",
                description = "The exact discrete Gaussian on a lattice, what PMAD releases everywhere but inside"
                        + " DP-SGD (local and central mode; with client sampling give --neighbours replace-one,"
                        + " charged with Wang, Balle and Kasiviswanathan 2019 Theorem 9). Only Renyi DP bounds it.")
        boolean discrete;

        @Option(names = "--steps", defaultValue = "1", paramLabel = "T", description = "Number of steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "D", description = "Delta (default: ${DEFAULT-VALUE}).")
        double delta;

        @Option(names = "--accountant", defaultValue = "tightest", paramLabel = "pld|rdp|tightest",
                description = "pld: privacy loss distributions (as dp_accounting's PLDAccountant); rdp: Renyi DP;"
                        + " tightest: the smaller epsilon of the two, both being valid bounds (default).")
        String accountantText;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        Accountant accountant;
        Neighbours neighbours;

        void validate() {
            if (!(sampleRate > 0 && sampleRate <= 1)) throw new IllegalArgumentException("--sample-rate must be in (0, 1], was " + sampleRate);
            if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, was " + steps);
            if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("--delta must be in (0, 1), was " + delta);
            accountant = Accountant.parse(accountantText, "--accountant");
            neighbours = Neighbours.parse(neighboursText, "--neighbours");
            if (discrete && accountant == Accountant.PLD) {
                throw new IllegalArgumentException("--accountant pld gives no bound for --discrete noise; use rdp or"
                        + " tightest (which answers with RDP for it)");
            }
            if (discrete && sampleRate < 1 && neighbours != Neighbours.REPLACE_ONE) {
                throw new IllegalArgumentException("--discrete at --sample-rate below 1 is accounted only under"
                        + " --neighbours replace-one (central mode with client sampling)");
            }
        }

        /** The steps asked about, as the accountants compose them. */
        dev.pmad.privacy.accounting.Mechanism steps(double noiseMultiplier) {
            if (discrete) return dev.pmad.privacy.accounting.Mechanism.sampledDiscreteGaussian(sampleRate, noiseMultiplier, steps);
            return dev.pmad.privacy.accounting.Mechanism.gaussian(sampleRate, noiseMultiplier, steps).withNeighbours(neighbours);
        }

        /** The least noise multiplier for {@code epsilon}: for discrete noise under RDP alone. */
        double calibrate(double epsilon) {
            if (discrete) return NoiseCalibration.sampledDiscreteGaussianNoiseMultiplier(epsilon, delta, sampleRate, steps);
            return NoiseCalibration.gaussianNoiseMultiplier(epsilon, delta, sampleRate, steps, accountant, neighbours);
        }

        /** Epsilon under both accountants, and the one asked for. */
        Answer answer(double noiseMultiplier) {
            var rdp = new RdpAccountant();
            steps(noiseMultiplier).composeInto(rdp);
            var r = rdp.epsilonAndOrder(delta);
            double pldEpsilon = Double.NaN;
            if (accountant != Accountant.RDP && !discrete) { // PLD: no bound for discrete noise
                var pld = new PldAccountant();
                steps(noiseMultiplier).composeInto(pld);
                pldEpsilon = pld.epsilon(delta);
            }
            Accountant used = accountant == Accountant.TIGHTEST ? (pldEpsilon <= r.epsilon() ? Accountant.PLD : Accountant.RDP)
                    : accountant;
            return new Answer(used == Accountant.PLD ? pldEpsilon : r.epsilon(), used, r.epsilon(), r.order(), pldEpsilon);
        }

        ObjectNode json(Answer a) {
            ObjectNode out = new ObjectMapper().createObjectNode().put("delta", delta).put("sampleRate", sampleRate)
                    .put("steps", steps).put("neighbours", steps(1).neighbours().wireName()).put("discrete", discrete)
                    .put("epsilon", a.epsilon()).put("accountant", accountant.wireName())
                    .put("answeredBy", a.answeredBy().wireName()).put("epsilonRdp", a.rdp()).put("order", a.order());
            if (!Double.isNaN(a.pld())) out.put("epsilonPld", a.pld());
            return out;
        }

        String describe(Answer a) {
            String rdp = String.format(Locale.ROOT, "RDP %.4f at order %s", a.rdp(), a.order());
            return a.answeredBy() == Accountant.RDP
                    ? (Double.isNaN(a.pld()) ? rdp : rdp + String.format(Locale.ROOT, "; PLD %.4f", a.pld()))
                    : String.format(Locale.ROOT, "PLD; %s", rdp);
        }
    }

    /** Epsilon as answered by {@code answeredBy}, with RDP's answer (and order) and PLD's (NaN if not asked) beside it. */
    record Answer(double epsilon, Accountant answeredBy, double rdp, double order, double pld) {}

    @Command(name = "epsilon", mixinStandardHelpOptions = true,
            description = "Epsilon spent by T steps of the subsampled Gaussian mechanism (or, with --discrete, the"
                    + " discrete Gaussian).")
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
            Answer a = mechanism.answer(noiseMultiplier);
            ObjectNode out = mechanism.json(a).put("noiseMultiplier", noiseMultiplier);
            if (mechanism.json) System.out.println(new ObjectMapper().writeValueAsString(out));
            else System.out.printf(Locale.ROOT, "epsilon %.4f at delta %.1e (%s)%n", a.epsilon(), mechanism.delta, mechanism.describe(a));
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
            double z = mechanism.calibrate(epsilon);
            Answer a = mechanism.answer(z);
            ObjectNode out = mechanism.json(a).put("noiseMultiplier", z).put("targetEpsilon", epsilon);
            if (mechanism.json) System.out.println(new ObjectMapper().writeValueAsString(out));
            else System.out.printf(Locale.ROOT, "noise multiplier %.6f (epsilon %.4f of target %.4f at delta %.1e; %s)%n", z,
                    a.epsilon(), epsilon, mechanism.delta, mechanism.describe(a));
            return 0;
        }
    }
}
