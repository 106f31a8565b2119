package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecAggRoundTripTest {
    @ParameterizedTest(name = "{0} agents, graph {1}, {2} bits")
    @CsvSource({
        "5, 0, 32", "5, 2, 32", "5, 0, 64", "5, 2, 17",
        "20, 0, 32", "20, 6, 32", "20, 6, 64",
        "50, 0, 32", "50, 10, 32"})
    void sum_ofAllAgents_isThePlainSumModTwoToTheBits(int n, int degree, int bits) {
        Graph graph = degree == 0 ? Graph.COMPLETE : Graph.harary(degree);
        int holders = SecAggParams.holderCount(n, graph);
        SecAggParams p = new SecAggParams("run-rt", 3, Federation.names(n),
                SecAggParams.defaultThreshold(holders), bits, graph, 257);
        Federation f = new Federation(p, 42L + n + degree + bits);

        long[] sum = f.runAll();

        assertArrayEquals(f.plainSum(p.agents()), sum);
        assertEquals(new TreeSet<>(p.agents()), f.server.contributors());
    }

    @ParameterizedTest(name = "{0} agents, degree {1}")
    @CsvSource({"20, 6", "50, 10"})
    void harary_graph_isRegularSymmetricAndTheSameForEveryParty(int n, int degree) {
        SecAggParams p = new SecAggParams("run-g", 1, Federation.names(n), 3, 32,
                Graph.harary(degree), 1);
        Topology t1 = new Topology(p);
        Topology t2 = new Topology(p);
        for (String a : p.agents()) {
            Set<String> nb = t1.neighbours(a);
            assertEquals(degree, nb.size(), a);
            assertEquals(nb, t2.neighbours(a));
            for (String b : nb) {
                assertTrue(t1.neighbours(b).contains(a), a + " ~ " + b);
            }
        }
        SecAggParams other = new SecAggParams("run-g", 2, Federation.names(n), 3, 32,
                Graph.harary(degree), 1);
        assertTrue(!p.agents().stream().allMatch(a -> new Topology(other).neighbours(a)
                .equals(t1.neighbours(a))), "another round draws another graph");
    }

    @ParameterizedTest(name = "{0} agents")
    @CsvSource({"3", "64", "65", "1000"})
    void defaults_completeForSmallFederations_hararyAbove(int n) {
        // Degree ceil(3 log2 n) rounded up to even: 3 log2 65 = 18.07 -> 20, 3 log2 1000 = 29.9 -> 30.
        assertEquals(n == 65 ? 20 : n == 1000 ? 30 : 0, Graph.defaultFor(n).degree());
        SecAggParams p = SecAggParams.withDefaults("r", 0, Federation.names(n), 32, 1);
        if (n <= Graph.COMPLETE_UP_TO) {
            assertEquals(Graph.COMPLETE, p.graph());
            assertEquals(n / 2 + 1, p.threshold());
        } else {
            assertEquals(Graph.Kind.HARARY, p.graph().kind());
            assertEquals((p.graph().degree() + 1) / 2 + 1, p.threshold());
        }
        assertTrue(List.copyOf(p.agents()).equals(Federation.names(n)));
    }
}
