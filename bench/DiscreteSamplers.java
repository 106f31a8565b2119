// Throughput of the exact discrete samplers and of the continuous Gaussian they replace, from
// SecureRandom (the generator of real runs), one thread. Needs the privacy module compiled
// (./mvnw -q -pl privacy compile). Usage, from the repository root:
//   java -cp privacy/target/classes bench/DiscreteSamplers.java
// Prints a Markdown table: samples per second, best of 5 timed batches after a warm-up.
import dev.pmad.privacy.mechanism.DiscreteGaussian;
import dev.pmad.privacy.mechanism.DiscreteLaplace;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.privacy.mechanism.LatticeRelease;
import dev.pmad.privacy.mechanism.RandomSources;
import java.util.function.LongSupplier;

public class DiscreteSamplers {
    public static void main(String[] args) {
        var random = RandomSources.secureRandom();
        System.out.println("| sampler | sigma (or b) | samples / s |");
        System.out.println("|---|---|---|");
        for (double sigma : new double[] {0.5, 3, 1e3, 1e6}) {
            var g = DiscreteGaussian.ofStddev(sigma, random);
            row("discrete Gaussian", sigma, g::sample);
        }
        for (double b : new double[] {3, 1e3}) {
            var l = DiscreteLaplace.ofScale(b, random);
            row("discrete Laplace", b, l::sample);
        }
        var continuous = new GaussianMechanism(random);
        row("continuous Gaussian (nextGaussian)", 1e3, () -> (long) continuous.sample(1e3));
        double[] update = new double[1000];
        row("LatticeRelease.gaussianL2, d = 1000 (per entry)", 2.0, () -> {
            LatticeRelease.gaussianL2(update, 1.0, 2.0, random);
            return 0;
        }, 1000);
    }

    private static void row(String what, double sigma, LongSupplier sampler) {
        row(what, sigma, sampler, 1);
    }

    private static void row(String what, double sigma, LongSupplier sampler, int perCall) {
        int n = 20_000 / perCall + 1;
        long sink = 0;
        for (int i = 0; i < n; i++) sink += sampler.getAsLong(); // warm-up
        double best = 0;
        for (int batch = 0; batch < 5; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) sink += sampler.getAsLong();
            double perSecond = (double) n * perCall / ((System.nanoTime() - start) / 1e9);
            best = Math.max(best, perSecond);
        }
        System.out.printf("| %s | %s | %,.0f |%s%n", what, sigma, best, sink == 42 ? " " : "");
    }
}
