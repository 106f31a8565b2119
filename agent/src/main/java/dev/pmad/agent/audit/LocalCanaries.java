package dev.pmad.agent.audit;

import dev.pmad.agent.privacy.AgentPrivacy;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.agent.privacy.PrivacyLedger;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.audit.AgentCanaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Local mode: m canary agents ({@link AgentCanaries}), each releasing its update through the
 * agent's own release step, {@link AgentPrivacy#release} (clip to C, lattice, exact discrete
 * Gaussian noise of stddev z 2C, {@code LatticeRelease.gaussianL2}), in each of the run's R
 * planned rounds, z calibrated by the caller for the claimed epsilon over R rounds as a run is.
 *
 * <p><b>The adversary</b> is the coordinator: it sees every release of every agent. It scores
 * canary i by sum_t ⟨r_{i,t}, u_i⟩ / C, about ±R + N(0, R (2z)^2): the sum over rounds is the
 * likelihood-ratio statistic of the R Gaussian releases, so no view of the releases separates IN
 * from OUT better (the audit is as strong as the mechanism allows, up to the lattice).
 *
 * <p><b>Canaries and the bound.</b> The agents' releases are independent, so m is limited only by
 * cost (m R d noise draws) and by Theorem 3.1's delta term 2 m delta; directions need not be
 * orthogonal (each is read from its own agent's release) and are drawn independently.
 *
 * <p>Mode none releases the update as a none-mode agent does (unclipped, no noise): the power check.
 */
public final class LocalCanaries {
    private LocalCanaries() {}

    /**
     * @param d               the model's size (the dimension of an update)
     * @param noiseMultiplier z of local mode, calibrated to the claimed epsilon over {@code rounds}; ignored in mode none
     * @param random          the noise source (seeded for a reproducible audit: an audit releases nothing)
     */
    public static CanaryScores run(PrivacyMode mode, int d, double clipNorm, double noiseMultiplier, int rounds, int canaries,
                                   long seed, RandomGenerator random) {
        if (mode != PrivacyMode.LOCAL && mode != PrivacyMode.NONE) throw new IllegalArgumentException("local canaries in mode " + mode);
        if (canaries < 1) throw new IllegalArgumentException("--canaries must be at least 1, was " + canaries);
        boolean[] in = AgentCanaries.coins(canaries, seed);
        double[] scores = new double[canaries];
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pmad-audit-");
            // A throwaway ledger: release() charges nothing (beforeRound does), but AgentPrivacy is built with one.
            try (PrivacyLedger ledger = PrivacyLedger.openThrowaway(dir.resolve("ledger.json"))) {
                var privacy = new AgentPrivacy(AgentPolicy.simulation(mode, 0, 1e-5), ledger, random);
                // What beforeRound decides for an allowed local round with these settings.
                var decision = new AgentPrivacy.Decision(true, "", mode, NoiseKind.GAUSSIAN, clipNorm,
                        mode == PrivacyMode.NONE ? 0 : noiseMultiplier, 0, null, 1e-5, null, false, false);
                var directions = new SplittableRandom(seed + 1);
                for (int i = 0; i < canaries; i++) {
                    double[] u = AgentCanaries.orthonormal(d, 1, directions.nextLong())[0];
                    double[] update = AgentCanaries.update(u, in[i], clipNorm);
                    double score = 0;
                    for (int t = 0; t < rounds; t++) score += AgentCanaries.dot(privacy.release(update, decision), u);
                    scores[i] = score / clipNorm;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the audit's throwaway ledger", e);
        } finally {
            deleteQuietly(dir);
        }
        return new CanaryScores(scores, in, "agent", "every canary agent's released update in each of " + rounds + " rounds",
                AgentCanaries.guessSizes(canaries));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
