package dev.pmad.agent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.testing.RepoData;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {
    private static final Partition DIRICHLET = Partition.parse("dirichlet:0.5");

    /** {@code n} labels cycling through {@code classes}, so every class is equally common. */
    private static int[] balancedLabels(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % classes;
        return labels;
    }

    private static void assertEveryRowExactlyOnce(int[][] parts, int n) {
        int[] seen = new int[n];
        for (int[] part : parts) for (int row : part) seen[row]++;
        for (int i = 0; i < n; i++) assertEquals(1, seen[i], "row " + i + " assigned " + seen[i] + " times");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iid", "dirichlet:0.5", "dirichlet:0.1"})
    void split_sameSeed_sameParts(String partition) {
        int[] labels = balancedLabels(300, 3);
        int[][] first = Partitioner.split(labels, 3, 4, Partition.parse(partition), 42);
        int[][] second = Partitioner.split(labels, 3, 4, Partition.parse(partition), 42);
        assertTrue(Arrays.deepEquals(first, second));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iid", "dirichlet:0.5"})
    void split_differentSeed_differentParts(String partition) {
        int[] labels = balancedLabels(300, 3);
        int[][] first = Partitioner.split(labels, 3, 4, Partition.parse(partition), 42);
        int[][] second = Partitioner.split(labels, 3, 4, Partition.parse(partition), 43);
        assertFalse(Arrays.deepEquals(first, second));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iid", "dirichlet:0.5", "dirichlet:0.05", "dirichlet:100"})
    void split_anyPartition_assignsEveryRowExactlyOnce(String partition) {
        int[] labels = balancedLabels(257, 3);
        int[][] parts = Partitioner.split(labels, 3, 5, Partition.parse(partition), 7);
        assertEquals(5, parts.length);
        assertEveryRowExactlyOnce(parts, labels.length);
    }

    @Test
    void split_iid_partsDifferInSizeByAtMostOne() {
        int[][] parts = Partitioner.split(balancedLabels(103, 2), 2, 4, Partition.IID, 1);
        int min = Arrays.stream(parts).mapToInt(p -> p.length).min().orElseThrow();
        int max = Arrays.stream(parts).mapToInt(p -> p.length).max().orElseThrow();
        assertTrue(max - min <= 1, "sizes " + min + ".." + max);
    }

    @Test
    void split_dirichletSmallAlpha_skewsLabelsFarMoreThanIid() {
        int classes = 4;
        int agents = 5;
        int[] labels = balancedLabels(2000, classes);
        double iid = 0;
        double skewed = 0;
        for (long seed = 0; seed < 5; seed++) {
            iid += labelSkew(Partitioner.split(labels, classes, agents, Partition.IID, seed), labels, classes);
            skewed += labelSkew(Partitioner.split(labels, classes, agents, Partition.parse("dirichlet:0.1"), seed),
                    labels, classes);
        }
        iid /= 5;
        skewed /= 5;
        assertTrue(iid < 0.06, "iid skew " + iid);
        assertTrue(skewed > 0.3, "dirichlet:0.1 skew " + skewed);
        assertTrue(skewed > 5 * iid, "dirichlet:0.1 skew " + skewed + " vs iid " + iid);
    }

    /** Mean over agents of the total-variation distance between its class mix and the global one. */
    private static double labelSkew(int[][] parts, int[] labels, int classes) {
        double[] global = new double[classes];
        for (int label : labels) global[label] += 1.0 / labels.length;
        double total = 0;
        for (int[] part : parts) {
            double[] local = new double[classes];
            for (int row : part) local[labels[row]] += 1.0 / part.length;
            double tv = 0;
            for (int c = 0; c < classes; c++) tv += Math.abs(local[c] - global[c]) / 2;
            total += tv;
        }
        return total / parts.length;
    }

    @Test
    void split_dirichlet_givesEveryAgentTheMinimumSize() {
        // min size = min(10, n / agents / 2) = 10 rows here; a single draw often starves an agent.
        int[] labels = balancedLabels(500, 10);
        for (long seed = 0; seed < 20; seed++) {
            int[][] parts = Partitioner.split(labels, 10, 10, Partition.parse("dirichlet:0.3"), seed);
            for (int[] part : parts) assertTrue(part.length >= 10, "seed " + seed + ": part of " + part.length);
        }
    }

    @Test
    void split_dirichletThatCannotFeedEveryAgent_throwsWithAdvice() {
        // One class and a tiny alpha: every draw puts (nearly) all rows on one agent.
        int[] labels = new int[40];
        var e = assertThrows(DataException.class,
                () -> Partitioner.split(labels, 2, 2, Partition.parse("dirichlet:0.001"), 3));
        assertTrue(e.getMessage().contains("dirichlet"), e.getMessage());
        assertTrue(e.getMessage().contains("larger ALPHA"), e.getMessage());
        assertTrue(e.getMessage().contains("fewer agents"), e.getMessage());
    }

    @Test
    void split_fewerRowsThanAgents_throwsNamingAgentsOption() {
        var e = assertThrows(DataException.class,
                () -> Partitioner.split(balancedLabels(3, 2), 2, 5, Partition.IID, 1));
        assertTrue(e.getMessage().contains("--agents"), e.getMessage());
        assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
    }

    @Test
    void split_zeroAgents_throwsNamingAgentsOption() {
        var e = assertThrows(DataException.class,
                () -> Partitioner.split(balancedLabels(3, 2), 2, 0, Partition.IID, 1));
        assertTrue(e.getMessage().contains("--agents"), e.getMessage());
    }

    @Test
    void split_breastCancerDirichlet_everyAgentKeepsTrainAndTestRows() {
        Schema schema = SchemaInference.infer(List.of(RepoData.file(RepoData.BREAST_CANCER)), "label");
        Table table = CsvLoader.load(RepoData.file(RepoData.BREAST_CANCER), schema);
        int[][] parts = Partitioner.split(table.labels(), 2, 5, DIRICHLET, 2024);
        assertEveryRowExactlyOnce(parts, 569);
        for (int a = 0; a < parts.length; a++) {
            assertTrue(parts[a].length >= 10, "agent " + a + " has " + parts[a].length + " rows");
            int[][] trainTest = Partitioner.trainTest(parts[a], 0.2, 2024, a);
            assertTrue(trainTest[0].length > 0 && trainTest[1].length > 0);
        }
    }

    @Test
    void trainTest_sameSeedAndAgent_sameSplit() {
        int[] rows = sortedRandomRows(50);
        assertTrue(Arrays.deepEquals(Partitioner.trainTest(rows, 0.2, 9, 3), Partitioner.trainTest(rows, 0.2, 9, 3)));
    }

    @Test
    void trainTest_otherAgentOrSeed_otherSplit() {
        int[] rows = sortedRandomRows(50);
        int[] test = Partitioner.trainTest(rows, 0.2, 9, 3)[1];
        assertFalse(Arrays.equals(test, Partitioner.trainTest(rows, 0.2, 9, 4)[1]));
        assertFalse(Arrays.equals(test, Partitioner.trainTest(rows, 0.2, 10, 3)[1]));
    }

    @Test
    void trainTest_partsAreDisjointAndCoverTheRows() {
        int[] rows = sortedRandomRows(50);
        int[][] split = Partitioner.trainTest(rows, 0.2, 9, 0);
        assertEquals(10, split[1].length);
        int[] union = new int[split[0].length + split[1].length];
        System.arraycopy(split[0], 0, union, 0, split[0].length);
        System.arraycopy(split[1], 0, union, split[0].length, split[1].length);
        Arrays.sort(union);
        assertArrayEquals(rows, union); // same multiset, so disjoint and covering
    }

    @Test
    void trainTest_tinyFraction_keepsOneTestRowAndOneTrainRow() {
        int[][] small = Partitioner.trainTest(new int[] {4, 8, 15}, 0.01, 1, 0);
        assertEquals(1, small[1].length);
        assertEquals(2, small[0].length);
        int[][] large = Partitioner.trainTest(new int[] {4, 8}, 0.99, 1, 0);
        assertEquals(1, large[0].length);
        assertEquals(1, large[1].length);
    }

    @Test
    void trainTest_fractionOutOfRange_throwsNamingOption() {
        var e = assertThrows(DataException.class, () -> Partitioner.trainTest(new int[] {1, 2}, 1.0, 1, 0));
        assertTrue(e.getMessage().contains("--test-fraction"), e.getMessage());
    }

    /** Distinct row numbers from a larger file, sorted as the partitioner returns them. */
    private static int[] sortedRandomRows(int n) {
        return new SplittableRandom(5).ints(0, 10_000).distinct().limit(n).sorted().toArray();
    }
}
