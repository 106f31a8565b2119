package dev.pmad.protocol;

import java.util.List;

/** Global mean and standard deviation per numeric feature, as combined by the coordinator. */
public record Standardization(Weights mean, Weights std) {

    /**
     * Combines per-party counts, sums and sums of squares, in the given order (callers sort it:
     * floating-point sums depend on order). A feature with no values gets mean 0; a constant one
     * gets standard deviation 1, which keeps it at 0 after standardisation.
     */
    public static Standardization combine(List<FeatureStats> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("no statistics to combine");
        int k = parts.get(0).features();
        double[] count = new double[k];
        double[] sum = new double[k];
        double[] squares = new double[k];
        for (FeatureStats p : parts) {
            if (p.features() != k) throw new IllegalArgumentException("statistics for " + p.features() + " features, expected " + k);
            for (int i = 0; i < k; i++) {
                count[i] += p.count().get(i);
                sum[i] += p.sum().get(i);
                squares[i] += p.sumOfSquares().get(i);
            }
        }
        double[] mean = new double[k];
        double[] std = new double[k];
        for (int i = 0; i < k; i++) {
            mean[i] = count[i] > 0 ? sum[i] / count[i] : 0;
            double variance = count[i] > 0 ? Math.max(0, squares[i] / count[i] - mean[i] * mean[i]) : 0;
            double s = Math.sqrt(variance);
            std[i] = s > 1e-12 * Math.max(1, Math.abs(mean[i])) ? s : 1;
        }
        return new Standardization(Weights.of(mean), Weights.of(std));
    }

    public Standardization {
        Checks.present(mean, "standardization.mean");
        Checks.present(std, "standardization.std");
        if (mean.size() != std.size()) {
            throw new IllegalArgumentException("standardization mean has " + mean.size()
                    + " values but std has " + std.size());
        }
        for (int i = 0; i < std.size(); i++) {
            if (std.get(i) <= 0) throw new IllegalArgumentException("standardization.std[" + i + "] must be > 0");
        }
    }
}
