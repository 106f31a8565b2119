package dev.pmad.agent.data;

import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;

/**
 * Turns table rows into model inputs: numeric features standardised with the GLOBAL mean and
 * standard deviation (missing ones become 0, the global mean), categorical features one-hot in
 * schema order (missing ones all zero). The output column order is {@link Schema#encodedNames()}.
 */
public final class FeatureEncoder implements java.io.Serializable {
    private final Schema schema;
    private final double[] mean;
    private final double[] std;

    public FeatureEncoder(Schema schema, Standardization standardization) {
        this.schema = schema;
        this.mean = standardization.mean().toArray();
        this.std = standardization.std().toArray();
        if (mean.length != schema.numericCount()) {
            throw new IllegalArgumentException("standardization has " + mean.length
                    + " features but the schema has " + schema.numericCount() + " numeric features");
        }
    }

    public double[][] encode(Table table) {
        double[][] out = new double[table.size()][];
        for (int r = 0; r < out.length; r++) out[r] = encodeRow(table.numeric()[r], table.categorical()[r]);
        return out;
    }

    public double[] encodeRow(double[] numeric, int[] categorical) {
        double[] x = new double[schema.encodedWidth()];
        int col = 0;
        int n = 0;
        int c = 0;
        for (FeatureSpec f : schema.features()) {
            if (f.isNumeric()) {
                double v = numeric[n];
                x[col++] = Double.isNaN(v) ? 0.0 : (v - mean[n]) / std[n];
                n++;
            } else {
                int category = categorical[c++];
                if (category >= 0) x[col + category] = 1.0;
                col += f.width();
            }
        }
        return x;
    }

    /** Count, sum and sum of squares of the present values of each numeric feature. */
    public static FeatureStats stats(Table table) {
        int k = table.schema().numericCount();
        double[] count = new double[k];
        double[] sum = new double[k];
        double[] squares = new double[k];
        for (double[] row : table.numeric()) addToStats(row, count, sum, squares);
        return new FeatureStats(Weights.of(count), Weights.of(sum), Weights.of(squares));
    }

    /** Adds one row's present numeric values to running counts, sums and sums of squares. */
    public static void addToStats(double[] numeric, double[] count, double[] sum, double[] squares) {
        for (int i = 0; i < count.length; i++) {
            double v = numeric[i];
            if (Double.isNaN(v)) continue;
            count[i]++;
            sum[i] += v;
            squares[i] += v * v;
        }
    }
}
