package dev.pmad.agent.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic splits of row indices among agents, from a seed alone: every agent process that
 * partitions the same file with the same seed and agent count gets the same split, so a
 * deployment can hand each agent "its" part without shipping files around.
 */
public final class Partitioner {
    private static final int MAX_DIRICHLET_TRIES = 1_000;

    private Partitioner() {}

    /** Row indices for each of {@code agents} agents; every row goes to exactly one agent. */
    public static int[][] split(int[] labels, int classes, int agents, Partition partition, long seed) {
        if (agents < 1) throw new DataException("--agents must be at least 1, was " + agents);
        if (labels.length < agents) {
            throw new DataException("only " + labels.length + " rows for " + agents
                    + " agents; every agent needs data: use fewer --agents or more rows");
        }
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 0x9A27L));
        return partition.kind().equals("iid")
                ? iid(labels.length, agents, random)
                : dirichlet(labels, classes, agents, partition.alpha(), random);
    }

    private static int[][] iid(int n, int agents, SplittableRandom random) {
        int[] order = shuffled(n, random);
        int[][] parts = new int[agents][];
        for (int a = 0; a < agents; a++) {
            int from = (int) ((long) n * a / agents);
            int to = (int) ((long) n * (a + 1) / agents);
            parts[a] = Arrays.copyOfRange(order, from, to);
            Arrays.sort(parts[a]);
        }
        return parts;
    }

    private static int[][] dirichlet(int[] labels, int classes, int agents, double alpha, SplittableRandom random) {
        // Each agent should get enough rows for a train/test split; retry draws that starve one.
        int minSize = Math.max(1, Math.min(10, labels.length / agents / 2));
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        for (int attempt = 0; attempt < MAX_DIRICHLET_TRIES; attempt++) {
            List<List<Integer>> parts = new ArrayList<>();
            for (int a = 0; a < agents; a++) parts.add(new ArrayList<>());
            for (List<Integer> rows : byClass) {
                if (rows.isEmpty()) continue;
                int[] order = shuffled(rows.size(), random);
                double[] p = Dirichlet.sample(agents, alpha, random);
                // Balance as in the common non-IID benchmark code: agents already holding their
                // fair share receive nothing more of this class.
                double total = 0;
                for (int a = 0; a < agents; a++) {
                    if (parts.get(a).size() >= labels.length / agents) p[a] = 0;
                    total += p[a];
                }
                if (total == 0) Arrays.fill(p, 1.0 / agents);
                else for (int a = 0; a < agents; a++) p[a] /= total;
                double cumulative = 0;
                int start = 0;
                for (int a = 0; a < agents; a++) {
                    cumulative += p[a];
                    int end = a == agents - 1 ? rows.size() : (int) Math.round(cumulative * rows.size());
                    end = Math.max(start, Math.min(end, rows.size()));
                    for (int k = start; k < end; k++) parts.get(a).add(rows.get(order[k]));
                    start = end;
                }
            }
            if (parts.stream().allMatch(p -> p.size() >= minSize)) {
                return parts.stream().map(p -> p.stream().mapToInt(Integer::intValue).sorted().toArray())
                        .toArray(int[][]::new);
            }
        }
        throw new DataException("dirichlet partition could not give each of " + agents + " agents at least "
                + minSize + " rows in " + MAX_DIRICHLET_TRIES + " draws; use a larger ALPHA, fewer agents or more rows");
    }

    /**
     * Splits one agent's rows into train and test, deterministically from seed and agent index.
     * At least one row stays in each side when there are two or more rows.
     */
    public static int[][] trainTest(int[] rows, double testFraction, long seed, int agentIndex) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new DataException("--test-fraction must be in [0, 1), was " + testFraction);
        }
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 0x7E57L, agentIndex));
        int[] order = shuffled(rows.length, random);
        int test = (int) Math.round(rows.length * testFraction);
        if (testFraction > 0 && rows.length >= 2) test = Math.max(1, Math.min(rows.length - 1, test));
        int[] testRows = new int[test];
        int[] trainRows = new int[rows.length - test];
        for (int i = 0; i < rows.length; i++) {
            if (i < test) testRows[i] = rows[order[i]];
            else trainRows[i - test] = rows[order[i]];
        }
        Arrays.sort(testRows);
        Arrays.sort(trainRows);
        return new int[][] {trainRows, testRows};
    }

    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
