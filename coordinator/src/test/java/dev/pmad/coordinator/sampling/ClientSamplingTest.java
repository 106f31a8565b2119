package dev.pmad.coordinator.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.RandomSources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The draw of each round's agents and the MIN_AGENTS floor; seeded generators here only. */
class ClientSamplingTest {
    private static final List<String> TWENTY = agents(20);

    private static List<String> agents(int n) {
        var ids = new ArrayList<String>();
        for (int i = 1; i <= n; i++) ids.add(String.format("agent-%02d", i));
        return List.copyOf(ids);
    }

    /** Fails the test if used: F = 1 must not consume the generator the central noise comes from. */
    private static final RandomGenerator UNUSABLE = () -> {
        throw new AssertionError("the generator was used");
    };

    @ParameterizedTest
    @EnumSource(PrivacyMode.class)
    void fractionOne_drawsEveryLiveAgent_withoutTouchingTheGenerator(PrivacyMode mode) {
        ClientSampling sampling = ClientSampling.of(1.0, 3, mode);
        assertInstanceOf(ClientSampling.EveryAgent.class, sampling);
        assertEquals(TWENTY, sampling.draw(TWENTY, UNUSABLE));
        assertEquals(3, sampling.roundQuorum());
        assertEquals(1, sampling.accountedRate());
    }

    @ParameterizedTest
    @EnumSource(value = PrivacyMode.class, names = {"NONE", "RECORD", "LOCAL"})
    void outsideCentralMode_aShortDrawIsToppedUpToMinAgents_andTheRoundNeedsThem(PrivacyMode mode) {
        ClientSampling sampling = ClientSampling.of(0.01, 4, mode);
        assertInstanceOf(ClientSampling.PoissonWithFloor.class, sampling);
        RandomGenerator random = RandomSources.seededDrbg(11);
        var seen = new HashSet<List<String>>();
        for (int round = 0; round < 50; round++) {
            List<String> drawn = sampling.draw(TWENTY, random);
            assertEquals(4, drawn.size(), "round " + round + ": " + drawn);
            assertEquals(4, new HashSet<>(drawn).size(), "an agent drawn twice: " + drawn);
            assertTrue(TWENTY.containsAll(drawn));
            assertEquals(drawn.stream().sorted().toList(), drawn, "in id order");
            seen.add(drawn);
        }
        assertTrue(seen.size() > 40, "the top-up picks different agents each round: " + seen.size() + " distinct of 50");
        assertEquals(4, sampling.roundQuorum());
        assertEquals(1, sampling.accountedRate(), "no amplification is claimed outside central mode");
    }

    @Test
    void outsideCentralMode_theTopUpNeverExceedsTheLiveAgents() {
        ClientSampling sampling = ClientSampling.of(0.01, 5, PrivacyMode.NONE);
        assertEquals(agents(3), sampling.draw(agents(3), RandomSources.seededDrbg(1)));
    }

    @Test
    void centralMode_neverTopsUp_andMayDrawNobody() {
        ClientSampling sampling = ClientSampling.of(0.05, 4, PrivacyMode.CENTRAL);
        var secret = assertInstanceOf(ClientSampling.SecretPoisson.class, sampling);
        RandomGenerator random = RandomSources.seededDrbg(3);
        int empty = 0;
        int belowFloor = 0;
        for (int round = 0; round < 200; round++) {
            List<String> drawn = sampling.draw(TWENTY, random);
            if (drawn.isEmpty()) empty++;
            if (drawn.size() < 4) belowFloor++;
        }
        // P(nobody of 20 at 5%) = 0.36; P(fewer than 4) = 0.98.
        assertTrue(empty > 40 && empty < 110, "empty draws: " + empty);
        assertTrue(belowFloor > 180, "draws below MIN_AGENTS, kept as drawn: " + belowFloor);
        assertEquals(0, sampling.roundQuorum(), "a round is never refused for its size");
        assertEquals(0.05, sampling.accountedRate());
        assertEquals(1.0, secret.expectedParticipants(20), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(value = PrivacyMode.class, names = {"NONE", "CENTRAL"})
    void eachAgentIsDrawnWithProbabilityF_independentlyOfTheOthers(PrivacyMode mode) {
        ClientSampling sampling = ClientSampling.of(0.3, 1, mode);
        RandomGenerator random = RandomSources.seededDrbg(7);
        int rounds = 4000;
        int[] drawnCount = new int[TWENTY.size()];
        int bothFirstTwo = 0;
        for (int round = 0; round < rounds; round++) {
            Set<String> drawn = new HashSet<>(sampling.draw(TWENTY, random));
            for (int i = 0; i < TWENTY.size(); i++) if (drawn.contains(TWENTY.get(i))) drawnCount[i]++;
            if (drawn.contains(TWENTY.get(0)) && drawn.contains(TWENTY.get(1))) bothFirstTwo++;
        }
        // Binomial(4000, 0.3): standard deviation 29, so 0.3 +- 0.03 is more than 4 of them.
        for (int i = 0; i < drawnCount.length; i++) {
            assertEquals(0.3, drawnCount[i] / (double) rounds, 0.03, TWENTY.get(i));
        }
        assertEquals(0.09, bothFirstTwo / (double) rounds, 0.02, "pairs are drawn together with probability F^2");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void aFractionOutsideZeroToOne_isRefusedNamingTheVariable(double fraction) {
        var e = assertThrows(IllegalArgumentException.class, () -> ClientSampling.of(fraction, 1, PrivacyMode.NONE));
        assertTrue(e.getMessage().contains("FRACTION_FIT"), e.getMessage());
    }
}
