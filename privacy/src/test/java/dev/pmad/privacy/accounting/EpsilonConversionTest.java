package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The special cases of dp_accounting's {@code compute_epsilon}, one by one. */
class EpsilonConversionTest {
    @Test
    void epsilonFromRdp_improvedBound_isTheBalleFormulaAtTheBestOrder() {
        double[] orders = {2, 4, 8};
        double[] rdp = {0.5, 1.0, 2.0};
        double delta = 1e-5;
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            double a = orders[k];
            best = Math.min(best, rdp[k] + Math.log((a - 1) / a) - (Math.log(delta) + Math.log(a)) / (a - 1));
        }
        assertEquals(best, RdpAccountant.epsilonFromRdp(orders, rdp, delta), 1e-12);
        assertEquals(8, RdpAccountant.epsilonAndOrderFromRdp(orders, rdp, delta).order());
    }

    @Test
    void epsilonFromRdp_improvedBound_isTighterThanMironovs() {
        double[] orders = {5};
        double[] rdp = {1};
        double classic = 1 + Math.log(1 / 1e-5) / 4;
        assertTrue(RdpAccountant.epsilonFromRdp(orders, rdp, 1e-5) < classic);
    }

    @Test
    void epsilonFromRdp_rdpBelowDeltaSquared_isZeroByTheKlBound() {
        assertEquals(0.0, RdpAccountant.epsilonFromRdp(new double[] {2, 3}, new double[] {1e-12, 1e-12}, 1e-5));
    }

    @Test
    void epsilonFromRdp_negativeRdp_countsAsZero() {
        var result = RdpAccountant.epsilonAndOrderFromRdp(new double[] {2, 3}, new double[] {1, -1e-17}, 1e-5);
        assertEquals(0.0, result.epsilon());
        assertEquals(3, result.order());
    }

    @Test
    void epsilonFromRdp_ordersAtMost1Point01_areSkipped() {
        var result = RdpAccountant.epsilonAndOrderFromRdp(new double[] {1.01, 2}, new double[] {1e-3, 1}, 1e-5);
        assertEquals(2, result.order());
    }

    @Test
    void epsilonFromRdp_allInfinite_isInfiniteAtFirstOrder() {
        double inf = Double.POSITIVE_INFINITY;
        var result = RdpAccountant.epsilonAndOrderFromRdp(new double[] {2, 3}, new double[] {inf, inf}, 1e-5);
        assertEquals(inf, result.epsilon());
        assertEquals(2, result.order());
    }

    @Test
    void epsilonFromRdp_badInputs_nameTheArgument() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RdpAccountant.epsilonFromRdp(new double[] {2}, new double[] {1}, 0));
        assertTrue(e.getMessage().startsWith("delta must be in (0, 1), was 0.0"), e.getMessage());
        assertTrue(e.getMessage().contains("DP_DELTA"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RdpAccountant.epsilonFromRdp(new double[] {2, 3}, new double[] {1}, 1e-5));
        assertTrue(e.getMessage().startsWith("rdp must have one value per order (2), had 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RdpAccountant(new double[] {2, 1}));
        assertTrue(e.getMessage().startsWith("orders[1] must be finite and > 1, was 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RdpAccountant().composeSubsampledGaussian(1.5, 1, 1));
        assertTrue(e.getMessage().startsWith("samplingRate must be in [0, 1], was 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RdpAccountant().composeGaussian(-1, 1));
        assertTrue(e.getMessage().startsWith("noiseMultiplier must be finite and >= 0, was -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RdpAccountant().composeLaplace(1, -2));
        assertTrue(e.getMessage().startsWith("steps must be >= 0, was -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RdpAccountant().composeLaplace(0, 1));
        assertTrue(e.getMessage().startsWith("scaleOverSensitivity must be finite and > 0, was 0.0"), e.getMessage());
    }
}
