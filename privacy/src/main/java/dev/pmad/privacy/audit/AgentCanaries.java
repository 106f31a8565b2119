package dev.pmad.privacy.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Agent-level canaries for local and central mode, shared by the agent's and the coordinator's
 * audits: the coin flips, the canaries' directions and the guesses to try.
 *
 * <p><b>A canary is an agent</b> whose update is C u_i in every round, u_i a fixed random unit
 * direction and C the clip norm, if its coin says IN, and -C u_i, its replacement, if OUT. Local
 * and central mode are accounted under replace-one neighbours (a whole agent's data replaced,
 * sensitivity 2C, {@code PrivacyPlanner.sensitivity}); +C u and -C u are two clipped updates at
 * the largest distance that relation allows, the worst case the noise is calibrated for (Steinke,
 * Nasr, Jagielski 2023, Algorithm 1, with the canary's two states the two neighbours). The
 * mechanism, all canaries together, is (epsilon, delta)-DP with respect to each canary's coin,
 * which is what Theorem 3.1 needs.
 *
 * <p><b>Guesses.</b> Every canary is seen in every round (no sampling hides one), so guesses are
 * two-sided: the k highest scores IN, the k lowest OUT, k at 1/10, 1/4, 1/2 and all of m / 2,
 * fixed before any coin is looked at (see {@link OneRunAudit} for the Bonferroni correction).
 */
public final class AgentCanaries {
    private AgentCanaries() {}

    /** Fair coins from {@code seed}: whether each canary agent sends +C u (IN) or -C u (OUT). */
    public static boolean[] coins(int m, long seed) {
        var random = new SplittableRandom(seed);
        boolean[] in = new boolean[m];
        for (int i = 0; i < m; i++) in[i] = random.nextBoolean();
        return in;
    }

    /**
     * {@code count} orthonormal directions in R^d (Gram-Schmidt of Gaussian vectors, seeded), so
     * that canaries summed into one release do not blur each other: ⟨u_i, u_j⟩ = 0 for i != j.
     */
    public static double[][] orthonormal(int d, int count, long seed) {
        if (count > d) throw new IllegalArgumentException(count + " orthonormal directions do not fit in dimension " + d);
        var random = new SplittableRandom(seed);
        double[][] u = new double[count][];
        for (int i = 0; i < count; i++) {
            double[] v = gaussian(d, random);
            // Modified Gram-Schmidt, twice: the second pass removes what rounding left of earlier directions.
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < i; j++) {
                    double dot = dot(v, u[j]);
                    for (int k = 0; k < d; k++) v[k] -= dot * u[j][k];
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int k = 0; k < d; k++) v[k] /= norm;
            u[i] = v;
        }
        return u;
    }

    /** k per side at fractions 1/10, 1/4, 1/2 and 1 of m / 2 (k IN guesses on top, k OUT at the bottom). */
    public static List<int[]> guessSizes(int m) {
        List<int[]> sizes = new ArrayList<>();
        for (double f : new double[] {0.1, 0.25, 0.5, 1}) {
            int k = (int) Math.max(1, Math.min(m / 2, Math.round(f * m / 2)));
            if (2 * k > m) k = m / 2;
            int kk = k;
            if (kk >= 1 && sizes.stream().noneMatch(g -> g[0] == kk)) sizes.add(new int[] {kk, kk});
        }
        if (sizes.isEmpty()) sizes.add(new int[] {1, 0}); // a single canary: guess it IN
        return sizes;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** The update canary i sends: C u if IN, -C u if OUT. */
    public static double[] update(double[] u, boolean in, double clipNorm) {
        double[] v = new double[u.length];
        double s = in ? clipNorm : -clipNorm;
        for (int k = 0; k < u.length; k++) v[k] = s * u[k];
        return v;
    }

    private static double[] gaussian(int d, SplittableRandom random) {
        double[] v = new double[d];
        for (int k = 0; k < d; k++) {
            // Box-Muller: a random direction needs only a rotation-invariant distribution, not exact tails.
            double a = 1 - random.nextDouble();
            v[k] = Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return v;
    }
}
