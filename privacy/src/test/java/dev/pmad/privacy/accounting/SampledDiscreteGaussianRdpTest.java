package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The discrete Gaussian on a Poisson subsample under replace-one: the smallest of the base curve,
 * Wang, Balle and Kasiviswanathan 2019 Theorem 9, and Theorem 9's expansion with the pairwise
 * moments computed exactly ({@link SampledDiscreteGaussianRdp}). Reference values computed
 * independently with mpmath (mp.dps = 400 for the moments' cancellation, 50 for Theorem 9) and
 * exact binomials (math.comb), s1 = 1/(4 z^2), s2 = 1/z^2:
 * <pre>
 * e = lambda j: mpf(j) / (2 * z**2)
 * thm9(q, z, a) = log(1 + q**2 * comb(a, 2) * min(4 * (exp(e(2)) - 1), 2 * exp(e(2)))
 *                     + sum(q**j * comb(a, j) * exp((j - 1) * e(j)) * 2 for j in range(3, a + 1))) / (a - 1)
 * G(n, s) = fsum(comb(n, k) * (-1)**(n - k) * exp(k * (k - 1) * s / 2) for k in range(n + 1))
 * H(j, s) = G(j, s) if j even else sqrt(G(j - 1, s) * G(j + 1, s))
 * pairwise(q, z, a) = log(1 + sum(q**j * comb(a, j) * ((1 - q) * A(j) + q * B(j)) for j in range(2, a + 1))) / (a - 1)
 *   A(j) = min(2**j * H(j, s1), 2 * exp(j (j-1) s1 / 2)), B(j) = min(H(j, s2), exp(j (j-1) s2 / 2) + 1)
 *   (the H terms only for j &lt;= 64)
 * bound(q, z, alpha) = min(alpha / (2 z^2), thm9(q, z, ceil(alpha)), pairwise(q, z, ceil(alpha)))
 *   (q, z, alpha)      bound                 pairwise              Theorem 9
 *   (0.2, 1.0, 2)      0.048886833747923712  (the same)            0.19676881268969685
 *   (0.2, 1.0, 8)      1.9350687286063643    (the same)            2.2650161117941772
 *   (0.2, 5.0, 20)     0.021308940934487406  (the same)            0.22650612282188054
 *   (0.5, 2.0, 3.5)    0.16011542395644628   (the same)            0.56098060289932387
 *   (0.01, 0.8, 32)    20.09772206007719     (the same)            20.268635523514224
 *   (0.3, 5.0, 256)    3.9067087312395291    (the same)            3.9141484174547678
 *   (0.1, 0.5, 1024)   2045.6929132743706    (the same)            2045.6958416539146
 *   (0.9, 1.5, 1.1)    0.24444444444444446   0.36882996704653912   1.0343155630942019 (base curve wins)
 * </pre>
 * The code's values sit a hair above (it rounds s up and adds 1e-9 to each moment's log).
 */
class SampledDiscreteGaussianRdpTest {

    @Test
    void bound_matchesIndependentValues_atIntegerAndFractionalOrders() {
        double[][] cases = {
                {0.2, 1.0, 2, 0.048886833747923712},
                {0.2, 1.0, 8, 1.9350687286063643},
                {0.2, 5.0, 20, 0.021308940934487406},
                {0.5, 2.0, 3.5, 0.16011542395644628},
                {0.01, 0.8, 32, 20.09772206007719},
                {0.3, 5.0, 256, 3.9067087312395291},
                {0.1, 0.5, 1024, 2045.6929132743706},
                {0.9, 1.5, 1.1, 0.24444444444444446},
        };
        for (double[] c : cases) {
            double bound = SampledDiscreteGaussianRdp.atOrder(c[0], c[1], c[2]);
            assertTrue(bound >= c[3] * (1 - 1e-15) && bound <= c[3] * (1 + 1e-8),
                    "q " + c[0] + " z " + c[1] + " alpha " + c[2] + ": " + bound + " against " + c[3]);
        }
        assertEquals(0.19676881268969685, SampledDiscreteGaussianRdp.theorem9(0.2, 1.0, 2), 1e-14);
        assertEquals(0.56098060289932387, SampledDiscreteGaussianRdp.theorem9(0.5, 2.0, 4) / 3, 1e-14);
        assertEquals(1.0343155630942019, SampledDiscreteGaussianRdp.theorem9(0.9, 1.5, 2), 1e-14);
        double pairwise = SampledDiscreteGaussianRdp.pairwise(0.9, 1.5, 2, new SampledDiscreteGaussianRdp.Moments(1.5, 2));
        assertEquals(0.36882996704653912, pairwise, 1e-8 * pairwise);
    }

    @Test
    void exactMoments_matchTheClosedFormsWhereThereAreSome_andSurviveCancellation() {
        // G_2(s) = e^s - 1 (chi-square of two Gaussians), G_4(s) = e^(6s) - 4 e^(3s) + 6 e^s - 3;
        // at s = 1e-6 the alternating sum for n = 64 cancels 190 digits; its value is about
        // 63!! s^32 (mpmath: G(64, 1e-6) = 1.15936455671e-148, log -340.634721704).
        var m = new SampledDiscreteGaussianRdp.Moments(1.0, 8);
        double s1 = m.s1;
        assertEquals(Math.log(Math.expm1(s1)), m.logH(2, true), 1e-8);
        assertEquals(Math.log(Math.exp(6 * s1) - 4 * Math.exp(3 * s1) + 6 * Math.exp(s1) - 3), m.logH(4, true), 1e-8);
        double[] tiny = SampledDiscreteGaussianRdp.Moments.logMoments(1e-6, 64);
        assertEquals(-340.634721704, tiny[64], 1e-8);
    }

    @Test
    void atRateOne_theBoundIsTheBaseCurve_andBothExpansionsLieAboveIt() {
        // Without sampling the release is the discrete Gaussian itself; a valid bound can't be below
        // the curve the Gaussian base attains, so Theorem 9 at q = 1 must be at least alpha / (2 z^2).
        for (double z : new double[] {0.3, 0.7, 1, 2, 8}) {
            for (int alpha : new int[] {2, 3, 5, 10, 40, 128}) {
                assertEquals(alpha / (2 * z * z), SampledDiscreteGaussianRdp.atOrder(1, z, alpha), 1e-15 * alpha / (z * z));
                double theorem9 = SampledDiscreteGaussianRdp.theorem9(1, z, alpha) / (alpha - 1);
                assertTrue(theorem9 >= alpha / (2 * z * z) * (1 - 1e-12), "z " + z + " alpha " + alpha + ": " + theorem9);
                // The refined expansion at q = 1 is 1 + sum_j C(alpha, j) B_j >= E[L^alpha] = e^(alpha(alpha-1)/(2 z^2)).
                double pairwise = SampledDiscreteGaussianRdp.pairwise(1, z, alpha,
                        new SampledDiscreteGaussianRdp.Moments(z, Math.min(alpha, SampledDiscreteGaussianRdp.EXACT_MOMENTS)))
                        / (alpha - 1);
                assertTrue(pairwise >= alpha / (2 * z * z) * (1 - 1e-12), "z " + z + " alpha " + alpha + ": " + pairwise);
            }
        }
    }

    @Test
    void bound_neverAboveTheorem9NorTheBaseCurve_andFallsAsTheNoiseGrows() {
        double[] orders = RdpAccountant.defaultOrders();
        for (double q : new double[] {0.001, 0.05, 0.2, 0.5, 0.9}) {
            double[] previous = null;
            for (double z : new double[] {0.5, 0.8, 1, 1.5, 3, 10, 50}) {
                double[] bound = RdpAccountant.sampledDiscreteGaussianRdp(q, z, orders);
                for (int k = 0; k < orders.length; k++) {
                    int a = (int) Math.ceil(orders[k]);
                    double theorem9 = SampledDiscreteGaussianRdp.theorem9(q, z, a) / (a - 1);
                    assertTrue(bound[k] <= Math.min(theorem9, orders[k] / (2 * z * z)),
                            "q " + q + " z " + z + " alpha " + orders[k]);
                    if (previous != null) assertTrue(bound[k] <= previous[k], "q " + q + " z " + z + " alpha " + orders[k]);
                }
                previous = bound;
            }
        }
    }

    @Test
    void bound_isFiniteAtLargeOrdersAndSmallNoise_andNoMoreThanTheBaseCurve() {
        for (double alpha : new double[] {63, 128, 512, 1024}) {
            double bound = SampledDiscreteGaussianRdp.atOrder(0.5, 0.05, alpha);
            assertTrue(Double.isFinite(bound) && bound > 0, "alpha " + alpha + ": " + bound);
            assertTrue(bound <= alpha / (2 * 0.05 * 0.05));
        }
        assertEquals(0, SampledDiscreteGaussianRdp.atOrder(0, 1, 10));
        assertEquals(Double.POSITIVE_INFINITY, SampledDiscreteGaussianRdp.atOrder(0.5, 0, 10));
    }

    @Test
    void mechanism_isDiscreteReplaceOne_andAtRateOneTheDiscreteGaussian() {
        Mechanism sampled = Mechanism.sampledDiscreteGaussian(0.2, 1.5, 10);
        assertTrue(sampled.discrete());
        assertEquals(Neighbours.REPLACE_ONE, sampled.neighbours());
        assertEquals(Mechanism.discreteGaussian(1.5, 10), Mechanism.sampledDiscreteGaussian(1, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new Mechanism(dev.pmad.privacy.NoiseKind.GAUSSIAN, 0.2, 1.5,
                10, Neighbours.ADD_OR_REMOVE, true));
        assertThrows(IllegalArgumentException.class, () -> new Mechanism(dev.pmad.privacy.NoiseKind.LAPLACE, 0.2, 1.5,
                10, Neighbours.REPLACE_ONE, true));
    }

    @Test
    void accountants_rdpChargesTheBound_pldGivesNone_andTheTightestAnswersRdp() {
        double[] orders = RdpAccountant.defaultOrders();
        var rdp = new RdpAccountant();
        Mechanism.sampledDiscreteGaussian(0.2, 1.5, 30).composeInto(rdp);
        double[] one = RdpAccountant.sampledDiscreteGaussianRdp(0.2, 1.5, orders);
        for (int k = 0; k < orders.length; k++) assertEquals(30 * one[k], rdp.rdp()[k], 1e-12 * one[k] * 30);

        var pld = new PldAccountant();
        Mechanism.sampledDiscreteGaussian(0.2, 1.5, 30).composeInto(pld);
        assertEquals(Double.POSITIVE_INFINITY, pld.epsilon(1e-5));
        assertEquals(List.of(Mechanism.sampledDiscreteGaussian(0.2, 1.5, 30)), pld.mechanisms());

        PrivacyAccountant tightest = Accountant.TIGHTEST.create();
        Mechanism.sampledDiscreteGaussian(0.2, 1.5, 30).composeInto(tightest);
        assertEquals(rdp.epsilon(1e-5), tightest.epsilon(1e-5));
    }

    @Test
    void calibration_meetsTheTargetUnderTheBound() {
        double z = NoiseCalibration.sampledDiscreteGaussianNoiseMultiplier(4, 1e-5, 0.2, 50);
        var rdp = new RdpAccountant();
        rdp.composeSampledDiscreteGaussian(0.2, z, 50);
        double spent = rdp.epsilon(1e-5);
        assertTrue(spent <= 4 && spent >= NoiseCalibration.MIN_SPENT_FRACTION * 4, "spent " + spent);
        assertEquals(NoiseCalibration.discreteGaussianNoiseMultiplier(4, 1e-5, 50),
                NoiseCalibration.sampledDiscreteGaussianNoiseMultiplier(4, 1e-5, 1, 50));
    }
}
