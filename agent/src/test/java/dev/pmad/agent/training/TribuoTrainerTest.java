package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.math.la.DenseMatrix;

/**
 * Weight index i must mean the same feature and class on every agent, even for agents whose data
 * lack some categories or classes. Class names and feature names are chosen so that Tribuo's own
 * ids (sorted names) differ from the schema order: a missing translation would show.
 */
class TribuoTrainerTest {
    // Encoded columns: x, cat=a, cat=b, cat=c; classes in schema order yes, no, maybe
    // (Tribuo gives them ids 2, 0, 1).
    private static final Schema SCHEMA = new Schema("y", List.of("yes", "no", "maybe"), List.of(
            FeatureSpec.numeric("x"),
            FeatureSpec.categorical("cat", List.of("a", "b", "c"))));
    private static final ModelShape SHAPE = new ModelShape(3, 4);
    private static final int YES = 0;
    private static final int NO = 1;
    private static final int MAYBE = 2;
    private static final int X = 0;
    private static final int CAT_A = 1;
    private static final int CAT_B = 2;
    private static final int CAT_C = 3;
    private static final int BIAS = 4;
    private static final FeatureEncoder ENCODER =
            new FeatureEncoder(SCHEMA, new Standardization(Weights.of(0), Weights.of(1)));
    private static final TrainingParams PARAMS = new TrainingParams(5, 0.1, 4, 11);

    private static int index(int c, int column) {
        return c * SHAPE.rowLength() + column;
    }

    private static double[] start() {
        double[] w = new double[SHAPE.size()];
        for (int k = 0; k < w.length; k++) w[k] = 0.01 * ((k * 7) % 11 - 5);
        return w;
    }

    /** Agent 1: categories a and b only, classes yes and no only; cat=a means yes, cat=b no. */
    private static Table agentOne() {
        var random = new SplittableRandom(1);
        int n = 40;
        double[][] num = new double[n][];
        int[][] cat = new int[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean yes = i % 2 == 0;
            num[i] = new double[] {random.nextGaussian() * 0.1};
            cat[i] = new int[] {yes ? 0 : 1};
            labels[i] = yes ? YES : NO;
        }
        return new Table(SCHEMA, "agent-1", num, cat, labels);
    }

    /** Agent 2: category c only, classes no and maybe only; x > 0 means maybe, x < 0 no. */
    private static Table agentTwo() {
        var random = new SplittableRandom(2);
        int n = 40;
        double[][] num = new double[n][];
        int[][] cat = new int[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean maybe = i % 2 == 0;
            num[i] = new double[] {(maybe ? 1 : -1) * (1 + random.nextDouble())};
            cat[i] = new int[] {2};
            labels[i] = maybe ? MAYBE : NO;
        }
        return new Table(SCHEMA, "agent-2", num, cat, labels);
    }

    private static double[] train(Table table, double[] start, TrainingParams params) {
        return new TribuoTrainer(SCHEMA, ENCODER.encode(table), table.labels()).train(start, SHAPE, params, params.seed());
    }

    private static double meanProbability(double[] w, Table table, int c) {
        double[][] x = ENCODER.encode(table);
        double[] p = new double[SHAPE.classes()];
        double sum = 0;
        for (double[] row : x) {
            Softmax.probabilities(w, SHAPE, row, p);
            sum += p[c];
        }
        return sum / x.length;
    }

    @Test
    void layout_tribuoIdsDifferFromSchemaOrder_andRoundTrip() {
        Table table = agentOne();
        var trainer = new TribuoTrainer(SCHEMA, ENCODER.encode(table), table.labels());
        double[] w = new double[SHAPE.size()];
        for (int k = 0; k < w.length; k++) w[k] = k; // unique values reveal where each one went
        DenseMatrix m = trainer.toTribuo(w, SHAPE);
        assertArrayEquals(w, trainer.fromTribuo(m, SHAPE));

        int[] rowOfClass = new int[3];
        int[] columnOfFeature = new int[4];
        for (int c = 0; c < 3; c++) {
            rowOfClass[c] = -1;
            for (int r = 0; r < 3; r++) if (m.get(r, 4) == w[index(c, BIAS)]) rowOfClass[c] = r;
            assertTrue(rowOfClass[c] >= 0, "bias of class " + c + " is not in Tribuo's bias column");
        }
        for (int j = 0; j < 4; j++) {
            columnOfFeature[j] = -1;
            for (int col = 0; col < 4; col++) if (m.get(rowOfClass[0], col) == w[index(0, j)]) columnOfFeature[j] = col;
            assertTrue(columnOfFeature[j] >= 0, "feature " + j + " is not in the row of its class");
        }
        // One permutation of rows and one of columns, the same for every class.
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 4; j++) assertEquals(w[index(c, j)], m.get(rowOfClass[c], columnOfFeature[j]));
        }
        // Otherwise the tests below could not catch a mix-up of Tribuo's ids and the schema's order.
        assertFalse(Arrays.equals(new int[] {0, 1, 2}, rowOfClass), "pick class names Tribuo orders differently");
        assertFalse(Arrays.equals(new int[] {0, 1, 2, 3}, columnOfFeature), "pick feature names Tribuo orders differently");
    }

    @Test
    void train_categoryNeverSeen_keepsItsWeightsExactly() {
        double[] start = start();
        double[] one = train(agentOne(), start, PARAMS);
        double[] two = train(agentTwo(), start, PARAMS);
        for (int c = 0; c < 3; c++) {
            assertEquals(start[index(c, CAT_C)], one[index(c, CAT_C)], 0, "agent 1 never sees cat=c, class " + c);
            assertEquals(start[index(c, CAT_A)], two[index(c, CAT_A)], 0, "agent 2 never sees cat=a, class " + c);
            assertEquals(start[index(c, CAT_B)], two[index(c, CAT_B)], 0, "agent 2 never sees cat=b, class " + c);
        }
        // ...while the weights of categories it does see move.
        assertTrue(one[index(NO, CAT_B)] != start[index(NO, CAT_B)]);
        assertTrue(two[index(MAYBE, CAT_C)] != start[index(MAYBE, CAT_C)]);
    }

    @Test
    void train_classNeverSeen_isPushedDown() {
        double[] start = start();
        Table tableOne = agentOne();
        double[] one = train(tableOne, start, PARAMS);
        // Gradient of an absent class c is -p_c * x: its bias and its weights on (non-negative)
        // one-hot columns can only go down.
        assertTrue(one[index(MAYBE, BIAS)] < start[index(MAYBE, BIAS)]);
        assertTrue(one[index(MAYBE, CAT_A)] < start[index(MAYBE, CAT_A)]);
        assertTrue(one[index(MAYBE, CAT_B)] < start[index(MAYBE, CAT_B)]);
        assertTrue(meanProbability(one, tableOne, MAYBE) < meanProbability(start, tableOne, MAYBE));

        Table tableTwo = agentTwo();
        double[] two = train(tableTwo, start, PARAMS);
        assertTrue(two[index(YES, BIAS)] < start[index(YES, BIAS)]);
        assertTrue(two[index(YES, CAT_C)] < start[index(YES, CAT_C)]);
        assertTrue(meanProbability(two, tableTwo, YES) < meanProbability(start, tableTwo, YES));
    }

    @Test
    void train_predictiveCategory_movesExactlyItsClassWeightUp() {
        double[] start = start();
        double[] delta = minus(train(agentOne(), start, PARAMS), start);
        // cat=a means yes and cat=b means no: of each column, that class gains most.
        assertEquals(YES, argmaxOverClasses(delta, CAT_A));
        assertEquals(NO, argmaxOverClasses(delta, CAT_B));
        assertTrue(delta[index(YES, CAT_A)] > 0 && delta[index(NO, CAT_A)] < 0);
        assertTrue(delta[index(NO, CAT_B)] > 0 && delta[index(YES, CAT_B)] < 0);
    }

    @Test
    void train_predictiveNumericFeature_movesExactlyItsClassWeightUp() {
        double[] start = start();
        double[] w = train(agentTwo(), start, PARAMS);
        double[] delta = minus(w, start);
        // x > 0 means maybe, x < 0 no.
        assertEquals(MAYBE, argmaxOverClasses(delta, X));
        assertTrue(delta[index(MAYBE, X)] > 0 && delta[index(NO, X)] < 0);
        // The trained model separates agent 2's data.
        Table table = agentTwo();
        EvaluationCounts counts = EvaluationCounts.of(w, SHAPE, ENCODER.encode(table), table.labels());
        assertEquals(table.size(), counts.confusion()[NO * 3 + NO] + counts.confusion()[MAYBE * 3 + MAYBE]);
    }

    @Test
    void train_oneFullBatch_isOneStepOnTheMeanGradient() {
        // lr is the step on the mean gradient of a batch, as in DP-SGD; also checks the layout.
        Table table = agentOne().concat(agentTwo());
        double[][] x = ENCODER.encode(table);
        int[] y = table.labels();
        double lr = 0.5;
        double[] start = start();
        var params = new TrainingParams(1, lr, x.length, 3);
        double[] trained = new TribuoTrainer(SCHEMA, x, y).train(start, SHAPE, params, 3);

        double[] expected = start.clone();
        double[] p = new double[3];
        for (int i = 0; i < x.length; i++) {
            Softmax.probabilities(start, SHAPE, x[i], p);
            for (int c = 0; c < 3; c++) {
                double g = (p[c] - (y[i] == c ? 1 : 0)) / x.length;
                for (int j = 0; j < 4; j++) expected[index(c, j)] -= lr * g * x[i][j];
                expected[index(c, BIAS)] -= lr * g;
            }
        }
        assertArrayEquals(expected, trained, 1e-12);
    }

    @Test
    void sgdTrainer_theAgentsTrainer_trainsTheSameWeightsOnOneHotRows() {
        // Tribuo's ids differ from the schema's order here, and most encoded columns are 0.
        Table table = agentOne().concat(agentTwo());
        double[][] x = ENCODER.encode(table);
        for (TrainingParams params : List.of(PARAMS, new TrainingParams(2, 0.3, 1, 8), new TrainingParams(3, 0.2, 7, 9))) {
            double[] tribuo = new TribuoTrainer(SCHEMA, x, table.labels()).train(start(), SHAPE, params, params.seed());
            double[] sgd = new SgdTrainer(x, table.labels()).train(start(), SHAPE, params, params.seed());
            assertArrayEquals(tribuo, sgd, 1e-12, params.toString());
        }
    }

    @Test
    void train_sameSeed_sameWeights() {
        Table table = agentOne().concat(agentTwo());
        var params = new TrainingParams(3, 0.1, 1, 5);
        assertArrayEquals(train(table, start(), params), train(table, start(), params), 0);
    }

    @Test
    void train_otherSeed_otherWeights() {
        Table table = agentOne().concat(agentTwo());
        double[] a = train(table, start(), new TrainingParams(3, 0.1, 1, 5));
        double[] b = train(table, start(), new TrainingParams(3, 0.1, 1, 6));
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void train_doesNotModifyStart() {
        double[] start = start();
        train(agentOne(), start, PARAMS);
        assertArrayEquals(start(), start, 0);
    }

    @Test
    void trainingParams_zeroEpochs_isRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainingParams(0, 0.1, 4, 1));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) d[k] = a[k] - b[k];
        return d;
    }

    private static int argmaxOverClasses(double[] w, int column) {
        int best = 0;
        for (int c = 1; c < SHAPE.classes(); c++) if (w[index(c, column)] > w[index(best, column)]) best = c;
        return best;
    }
}
