package dev.pmad.agent.data;

import java.util.SplittableRandom;

/** Dirichlet sampling through Gamma variates (Marsaglia and Tsang 2000). */
final class Dirichlet {
    private Dirichlet() {}

    static double[] sample(int k, double alpha, SplittableRandom random) {
        double[] x = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            x[i] = gamma(alpha, random);
            sum += x[i];
        }
        if (sum == 0) {
            // All draws underflowed (tiny alpha): put everything on one agent, as the limit does.
            x[random.nextInt(k)] = 1;
            return x;
        }
        for (int i = 0; i < k; i++) x[i] /= sum;
        return x;
    }

    static double gamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
            double u = random.nextDouble();
            return gamma(shape + 1, random) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double z;
            double v;
            do {
                z = normal(random);
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z) return d * v;
            if (Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    private static double normal(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
