package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The discrete Gaussian on a Poisson subsample under replace-one, charged with Wang, Balle and
 * Kasiviswanathan 2019 Theorem 9. Reference values computed independently with mpmath (mp.dps =
 * 50) and exact binomials (math.comb):
 * <pre>
 * e = lambda j: mpf(j) / (2 * z**2)
 * thm9(q, z, a) = log(1 + q**2 * comb(a, 2) * min(4 * (exp(e(2)) - 1), 2 * exp(e(2)))
 *                     + sum(q**j * comb(a, j) * exp((j - 1) * e(j)) * 2 for j in range(3, a + 1))) / (a - 1)
 * bound(q, z, alpha) = min(alpha / (2 z^2), thm9(q, z, ceil(alpha)))
 *   (0.2, 1.0, 2)     0.19676881268969685   (Theorem 9)
 *   (0.2, 1.0, 8)     2.2650161117941772    (Theorem 9)
 *   (0.5, 2.0, 3.5)   0.4375                (the base curve; Theorem 9 at 4 is 0.56098060289932387)
 *   (0.01, 0.8, 32)   20.268635523514224    (Theorem 9)
 *   (0.3, 5.0, 256)   3.9141484174547678    (Theorem 9)
 *   (0.1, 0.5, 1024)  2045.6958416539146    (Theorem 9, terms up to e^(2 10^6) summed in logs)
 *   (0.9, 1.5, 1.1)   0.24444444444444446   (the base curve; Theorem 9 at 2 is 1.0343155630942019)
 * </pre>
 */
class SampledDiscreteGaussianRdpTest {

    @Test
    void bound_matchesIndependentValues_atIntegerAndFractionalOrders() {
        double[][] cases = {
                {0.2, 1.0, 2, 0.19676881268969685},
                {0.2, 1.0, 8, 2.2650161117941772},
                {0.5, 2.0, 3.5, 0.4375},
                {0.01, 0.8, 32, 20.268635523514224},
                {0.3, 5.0, 256, 3.9141484174547678},
                {0.1, 0.5, 1024, 2045.6958416539146},
                {0.9, 1.5, 1.1, 0.24444444444444446},
        };
        for (double[] c : cases) {
            assertEquals(c[3], SampledDiscreteGaussianRdp.atOrder(c[0], c[1], c[2]), 1e-12 * c[3],
                    "q " + c[0] + " z " + c[1] + " alpha " + c[2]);
        }
        assertEquals(0.56098060289932387, SampledDiscreteGaussianRdp.theorem9(0.5, 2.0, 4) / 3, 1e-14);
        assertEquals(1.0343155630942019, SampledDiscreteGaussianRdp.theorem9(0.9, 1.5, 2), 1e-14);
    }

    @Test
    void atRateOne_theBoundIsTheBaseCurve_andTheorem9LiesAboveIt() {
        // Without sampling the release is the discrete Gaussian itself; a valid bound can't be below
        // the curve the Gaussian base attains, so Theorem 9 at q = 1 must be at least alpha / (2 z^2).
        for (double z : new double[] {0.3, 0.7, 1, 2, 8}) {
            for (int alpha : new int[] {2, 3, 5, 10, 40, 128}) {
                assertEquals(alpha / (2 * z * z), SampledDiscreteGaussianRdp.atOrder(1, z, alpha), 1e-15 * alpha / (z * z));
                double theorem9 = SampledDiscreteGaussianRdp.theorem9(1, z, alpha) / (alpha - 1);
                assertTrue(theorem9 >= alpha / (2 * z * z) * (1 - 1e-12), "z " + z + " alpha " + alpha + ": " + theorem9);
            }
        }
    }

    @Test
    void bound_neverBelowTheContinuousSubsampledCurve_atTheAccountantsOrders() {
        // Theorem 9 holds for any base mechanism with this curve, the continuous Gaussian too; the
        // bound should lie above the Mironov-Talwar-Zhang curve at 2C (a check against coding slips,
        // not a proof of either). Compared where that curve is exact, at integer orders: a fractional
        // order against the integer below it (RDP does not fall with the order), since MTZ's
        // fractional series adds absolute values and overstates there (at q 0.01, z 50 its value at
        // 1.1 is nine times its value at 2).
        double[] orders = RdpAccountant.defaultOrders();
        for (double q : new double[] {0.001, 0.01, 0.05, 0.2, 0.5, 0.9}) {
            for (double z : new double[] {0.5, 0.8, 1, 1.5, 3, 10, 50}) {
                double[] bound = RdpAccountant.sampledDiscreteGaussianRdp(q, z, orders);
                for (int k = 0; k < orders.length; k++) {
                    if (orders[k] < 2) continue;
                    double continuous = SampledGaussianRdp.atOrder(q, z, Math.floor(orders[k]));
                    assertTrue(bound[k] >= continuous * (1 - 1e-9),
                            "q " + q + " z " + z + " alpha " + orders[k] + ": " + bound[k] + " < " + continuous);
                }
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
