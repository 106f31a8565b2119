package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values: the brief's figures for Google dp_accounting's {@code RdpAccountant}
 * (default orders, delta 1e-5), checked to 1%; and, to 1e-9, values from a line-by-line SciPy
 * port of dp_accounting's {@code rdp_privacy_accountant.py} (gammaln, log_ndtr), which gave
 * 4.728507067217623, 10.725509696418232 and 7.903850223578231 for the three reference cases.
 */
class RdpAccountantTest {
    private static final double DELTA = 1e-5;

    @Test
    void epsilon_gaussianSigma1OneStep_matchesDpAccounting() {
        var accountant = new RdpAccountant();
        accountant.composeGaussian(1.0, 1);
        EpsilonResult result = accountant.epsilonAndOrder(DELTA);
        assertEquals(4.73, result.epsilon(), 0.01 * 4.73);
        assertEquals(4.728507067217623, result.epsilon(), 1e-9 * 4.73);
        assertEquals(5.4, result.order(), 1e-12);
    }

    @Test
    void epsilon_gaussianSigma5HundredSteps_matchesDpAccounting() {
        var accountant = new RdpAccountant();
        accountant.composeGaussian(5.0, 100);
        assertEquals(10.73, accountant.epsilon(DELTA), 0.01 * 10.73);
        assertEquals(10.725509696418232, accountant.epsilon(DELTA), 1e-9 * 10.73);
        assertEquals(3.3, accountant.orders()[accountant.bestOrderIndex(DELTA)], 1e-12);
    }

    @Test
    void epsilon_subsampledGaussianQ01Sigma1HundredSteps_matchesDpAccounting() {
        var accountant = new RdpAccountant();
        accountant.composeSubsampledGaussian(0.1, 1.0, 100);
        EpsilonResult result = accountant.epsilonAndOrder(DELTA);
        assertEquals(7.90, result.epsilon(), 0.01 * 7.90);
        assertEquals(7.903850223578231, result.epsilon(), 1e-9 * 7.90);
        assertEquals(3.2, result.order(), 1e-12);
    }

    @Test
    void epsilon_dpSgdRegimeQ001Sigma11ThousandSteps_matchesSciPyPort() {
        var accountant = new RdpAccountant();
        accountant.composeSubsampledGaussian(0.01, 1.1, 1000);
        EpsilonResult result = accountant.epsilonAndOrder(DELTA);
        assertEquals(1.7117701662429012, result.epsilon(), 1e-9 * 1.71);
        assertEquals(9.6, result.order(), 1e-12);
    }

    @Test
    void subsampledGaussianRdp_integerAndFractionalOrders_matchSciPyPort() {
        double[] orders = {2, 3.5, 10.9, 32, 1024};
        double[] expected = {0.00012851008160516542, 0.00023115317517329804, 0.0014048996786834025,
            8.469416433675926, 418.53082404914505};
        double[] actual = RdpAccountant.subsampledGaussianRdp(0.01, 1.1, orders);
        for (int k = 0; k < orders.length; k++) {
            assertEquals(expected[k], actual[k], 1e-9 * expected[k], "order " + orders[k]);
        }
        // dp_accounting gives up on order 1.5 here (its fractional series does not settle in
        // 1000 terms) and reports infinity, which excludes the order; so do we.
        double[] q01 = RdpAccountant.subsampledGaussianRdp(0.1, 1.0, new double[] {1.5, 4, 7.7, 63});
        assertEquals(Double.POSITIVE_INFINITY, q01[0]);
        assertEquals(0.05867260696008056, q01[1], 1e-9 * q01[1]);
        assertEquals(1.217439868866365, q01[2], 1e-9 * q01[2]);
        assertEquals(29.160276437764114, q01[3], 1e-9 * q01[3]);
    }

    @Test
    void subsampledGaussianRdp_samplingRateOne_isPlainGaussianAlphaOver2SigmaSquared() {
        double sigma = 1.7;
        double[] orders = RdpAccountant.defaultOrders();
        double[] rdp = RdpAccountant.subsampledGaussianRdp(1.0, sigma, orders);
        for (int k = 0; k < orders.length; k++) {
            assertEquals(orders[k] / (2 * sigma * sigma), rdp[k], 1e-15 * rdp[k]);
        }
        var plain = new RdpAccountant();
        plain.composeGaussian(sigma, 7);
        var sampled = new RdpAccountant();
        sampled.composeSubsampledGaussian(1.0, sigma, 7);
        assertArrayEquals(plain.rdp(), sampled.rdp());
    }

    @Test
    void subsampledGaussianRdp_samplingRateNearOne_approachesPlainGaussian() {
        double sigma = 2.0;
        double[] orders = {2, 2.5, 7, 7.3};
        double[] rdp = RdpAccountant.subsampledGaussianRdp(1 - 1e-9, sigma, orders);
        for (int k = 0; k < orders.length; k++) {
            double plain = orders[k] / (2 * sigma * sigma);
            assertTrue(rdp[k] <= plain * (1 + 1e-9), "sampling never hurts, order " + orders[k]);
            assertEquals(plain, rdp[k], 1e-6 * plain, "order " + orders[k]);
        }
    }

    @Test
    void subsampledGaussianRdp_fractionalOrdersNextToAnInteger_agreeWithIntegerFormula() {
        // Two different formulas (Sec. 3.2 vs 3.3 of Mironov et al. 2019) must meet at integers.
        double[] orders = {3 - 1e-7, 3, 3 + 1e-7, 20 - 1e-7, 20, 20 + 1e-7};
        double[] rdp = RdpAccountant.subsampledGaussianRdp(0.01, 1.1, orders);
        assertEquals(rdp[1], rdp[0], 1e-5 * rdp[1]);
        assertEquals(rdp[1], rdp[2], 1e-5 * rdp[1]);
        assertEquals(rdp[4], rdp[3], 1e-5 * rdp[4]);
        assertEquals(rdp[4], rdp[5], 1e-5 * rdp[4]);
    }

    @Test
    void subsampledGaussianRdp_isNondecreasingInOrder() {
        double[] orders = RdpAccountant.defaultOrders();
        double[] rdp = RdpAccountant.subsampledGaussianRdp(0.02, 0.9, orders);
        for (int k = 1; k < orders.length; k++) {
            if (Double.isFinite(rdp[k]) && Double.isFinite(rdp[k - 1])) {
                assertTrue(rdp[k] >= rdp[k - 1] * (1 - 1e-9), "orders " + orders[k - 1] + ", " + orders[k]);
            }
        }
    }

    @Test
    void subsampledGaussianRdp_edgeCases_matchDpAccounting() {
        double[] orders = {2, 2.5};
        assertArrayEquals(new double[] {0, 0}, RdpAccountant.subsampledGaussianRdp(0, 1, orders));
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                RdpAccountant.subsampledGaussianRdp(0.5, 0, orders));
    }

    @Test
    void laplaceRdp_matchesMironovProposition6AndTendsToPureEpsilon() {
        double b = 1.0;
        double[] orders = {1.05, 2, 5.5, 1024};
        double[] rdp = RdpAccountant.laplaceRdp(b, orders);
        for (int k = 0; k < 3; k++) {
            double a = orders[k];
            double direct = Math.log(a / (2 * a - 1) * Math.exp((a - 1) / b)
                    + (a - 1) / (2 * a - 1) * Math.exp(-a / b)) / (a - 1);
            assertEquals(direct, rdp[k], 1e-12, "order " + a);
        }
        assertEquals(0.6191236299985929, rdp[1], 1e-15); // dp_accounting's _laplace_rdp(1, 2)
        assertTrue(rdp[3] < 1 / b && rdp[3] > 0.999 / b);
        // Huge orders and tiny scales must not overflow.
        double[] extreme = RdpAccountant.laplaceRdp(1e-3, new double[] {1024});
        assertTrue(Double.isFinite(extreme[0]) && extreme[0] <= 1e3);
    }

    @Test
    void laplaceRdp_nearOrderOne_seriesBranchMatchesSciPyPort() {
        assertEquals(0.11166306251793501, RdpAccountant.laplaceRdp(2.0, new double[] {1.05})[0], 1e-15);
    }

    @Test
    void epsilon_laplaceScale1OneStep_matchesSciPyPort() {
        var accountant = new RdpAccountant();
        accountant.composeLaplace(1.0, 1);
        EpsilonResult result = accountant.epsilonAndOrder(DELTA);
        assertEquals(1.0028243238705594, result.epsilon(), 1e-9);
        assertEquals(1024, result.order());
    }

    @Test
    void epsilon_nothingComposed_isZero() {
        assertEquals(0.0, new RdpAccountant().epsilon(DELTA));
    }

    @Test
    void compose_manySingleSteps_equalsOneComposedBatch() {
        var once = new RdpAccountant();
        once.composeSubsampledGaussian(0.05, 1.3, 200);
        once.composeLaplace(10, 3);
        var stepwise = new RdpAccountant();
        for (int i = 0; i < 200; i++) {
            stepwise.composeSubsampledGaussian(0.05, 1.3, 1);
        }
        stepwise.composeLaplace(10, 1);
        stepwise.composeLaplace(10, 2);
        assertEquals(once.epsilon(DELTA), stepwise.epsilon(DELTA), 1e-12 * once.epsilon(DELTA));
    }

    @Test
    void compose_zeroSteps_changesNothingEvenWithInfiniteCurve() {
        var accountant = new RdpAccountant();
        accountant.composeGaussian(0.0, 0);
        assertEquals(0.0, accountant.epsilon(DELTA));
        accountant.composeGaussian(0.0, 1);
        assertEquals(Double.POSITIVE_INFINITY, accountant.epsilon(DELTA));
    }

    @Test
    void copy_isIndependent() {
        var original = new RdpAccountant();
        original.composeGaussian(2, 10);
        var copy = original.copy();
        copy.composeGaussian(2, 10);
        assertTrue(copy.epsilon(DELTA) > original.epsilon(DELTA));
        assertArrayEquals(original.orders(), copy.orders());
    }

    @Test
    void defaultOrders_areDpAccountingsGrid() {
        double[] orders = RdpAccountant.defaultOrders();
        assertEquals(156, orders.length);
        assertEquals(1.1, orders[0]);
        assertEquals(10.9, orders[98]);
        assertEquals(11, orders[99]);
        assertEquals(63, orders[151]);
        assertArrayEquals(new double[] {128, 256, 512, 1024}, java.util.Arrays.copyOfRange(orders, 152, 156));
        assertArrayEquals(orders, RdpAccountant.DEFAULT_ORDERS);
        assertArrayEquals(orders, new RdpAccountant().orders());
    }

    @Test
    void defaultOrders_publicArrayWrites_doNotAffectAccounting() {
        double saved = RdpAccountant.DEFAULT_ORDERS[0];
        try {
            RdpAccountant.DEFAULT_ORDERS[0] = 0.5;
            assertEquals(1.1, new RdpAccountant().orders()[0]);
        } finally {
            RdpAccountant.DEFAULT_ORDERS[0] = saved;
        }
    }
}
