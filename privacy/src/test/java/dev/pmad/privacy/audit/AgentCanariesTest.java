package dev.pmad.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentCanariesTest {
    @Test
    void orthonormal_fillsTheDimensionWithUnitOrthogonalDirections() {
        double[][] u = AgentCanaries.orthonormal(62, 62, 7);
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < u.length; j++) {
                assertEquals(i == j ? 1 : 0, AgentCanaries.dot(u[i], u[j]), 1e-12, i + ", " + j);
            }
        }
        assertArrayEquals(u[5], AgentCanaries.orthonormal(62, 62, 7)[5], "seeded");
        assertThrows(IllegalArgumentException.class, () -> AgentCanaries.orthonormal(3, 4, 1));
    }

    @Test
    void update_isPlusOrMinusClipTimesDirection() {
        double[] u = {0.6, 0.8};
        assertArrayEquals(new double[] {1.2, 1.6}, AgentCanaries.update(u, true, 2), 1e-15);
        assertArrayEquals(new double[] {-1.2, -1.6}, AgentCanaries.update(u, false, 2), 1e-15);
    }

    @Test
    void guessSizes_areTwoSidedAtFractionsOfHalfTheCanaries() {
        assertEquals(List.of(100, 250, 500, 1000), AgentCanaries.guessSizes(2000).stream().map(g -> g[0]).toList());
        AgentCanaries.guessSizes(2000).forEach(g -> assertEquals(g[0], g[1]));
        assertEquals(List.of(1), AgentCanaries.guessSizes(2).stream().map(g -> g[0]).toList());
        assertEquals(1, AgentCanaries.guessSizes(1).size());
        assertEquals(0, AgentCanaries.guessSizes(1).get(0)[1]);
    }
}
