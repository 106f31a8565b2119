package dev.pmad.agent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {
    private static final double NaN = Double.NaN;
    // Encoded order: age, colour=red, colour=green, colour=blue, height.
    private static final Schema SCHEMA = new Schema("y", List.of("a", "b"), List.of(
            FeatureSpec.numeric("age"),
            FeatureSpec.categorical("colour", List.of("red", "green", "blue")),
            FeatureSpec.numeric("height")));
    private static final Standardization STANDARDIZATION =
            new Standardization(Weights.of(40, 170), Weights.of(10, 5));
    private static final FeatureEncoder ENCODER = new FeatureEncoder(SCHEMA, STANDARDIZATION);

    @Test
    void encodeRow_numeric_usesGivenMeanAndStd() {
        assertArrayEquals(new double[] {1.5, 0, 1, 0, -2}, ENCODER.encodeRow(new double[] {55, 160}, new int[] {1}));
    }

    @Test
    void encodeRow_missingNumeric_isZero() {
        assertArrayEquals(new double[] {0, 1, 0, 0, 0}, ENCODER.encodeRow(new double[] {NaN, 170}, new int[] {0}));
        assertArrayEquals(new double[] {0, 0, 0, 1, 0}, ENCODER.encodeRow(new double[] {40, NaN}, new int[] {2}));
    }

    @Test
    void encodeRow_oneHot_followsSchemaCategoryOrder() {
        for (int category = 0; category < 3; category++) {
            double[] x = ENCODER.encodeRow(new double[] {40, 170}, new int[] {category});
            for (int k = 0; k < 3; k++) assertEquals(k == category ? 1.0 : 0.0, x[1 + k], "category " + category);
        }
    }

    @Test
    void encodeRow_missingCategorical_isAllZero() {
        assertArrayEquals(new double[] {0, 0, 0, 0, 0}, ENCODER.encodeRow(new double[] {40, 170}, new int[] {-1}));
    }

    @Test
    void encode_table_encodesEveryRow() {
        Table table = new Table(SCHEMA, "test", new double[][] {{50, 175}, {30, NaN}}, new int[][] {{2}, {-1}},
                new int[] {0, 1});
        double[][] x = ENCODER.encode(table);
        assertArrayEquals(new double[] {1, 0, 0, 1, 1}, x[0]);
        assertArrayEquals(new double[] {-1, 0, 0, 0, 0}, x[1]);
    }

    @Test
    void new_standardizationOfWrongWidth_throws() {
        var wrong = new Standardization(Weights.of(1), Weights.of(1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureEncoder(SCHEMA, wrong));
    }

    @Test
    void stats_ignoreMissingValues() {
        Table table = new Table(SCHEMA, "test", new double[][] {{1, NaN}, {2, 4}, {NaN, 6}}, new int[][] {{0}, {1}, {2}},
                new int[] {0, 1, 0});
        FeatureStats stats = FeatureEncoder.stats(table);
        assertEquals(Weights.of(2, 2), stats.count());
        assertEquals(Weights.of(3, 10), stats.sum());
        assertEquals(Weights.of(5, 52), stats.sumOfSquares());
    }

    @Test
    void stats_combinedFromTwoAgents_matchPooledMeanAndStd() {
        Table one = new Table(SCHEMA, "a", new double[][] {{1, 10}, {3, NaN}}, new int[][] {{0}, {0}}, new int[] {0, 1});
        Table two = new Table(SCHEMA, "b", new double[][] {{5, 20}}, new int[][] {{0}}, new int[] {0});
        Standardization s = Standardization.combine(List.of(FeatureEncoder.stats(one), FeatureEncoder.stats(two)));
        assertEquals(3, s.mean().get(0), 1e-12);
        assertEquals(Math.sqrt(8.0 / 3), s.std().get(0), 1e-12); // population std of 1, 3, 5
        assertEquals(15, s.mean().get(1), 1e-12);
        assertEquals(5, s.std().get(1), 1e-12);
    }
}
