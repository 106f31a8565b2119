package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.NoiseKind;
import org.junit.jupiter.api.Test;

/**
 * Accounting of the discrete mechanisms. Reference values computed independently with mpmath
 * (mp.dps = 30):
 * <pre>
 * tau(s, n) = 10*sum(exp(-2*pi**2*mpf(s)**2*k/(k+1)) for k in range(1, n))
 *   tau(0.5, 2) = 0.84804972471113777302, tau(0.5, 100) = 9.7011584541213720024,
 *   tau(1, 10) = 0.00054352425816199972669, tau(2, 1000) = 7.1571796476094986723e-17
 * randomized response at eps = 1, p = e/(1+e): log(p**a*(1-p)**(1-a) + (1-p)**a*p**(1-a))/(a-1)
 *   a = 1.5: 0.62733264704949932479, a = 2: 0.73532566405551922471, a = 10: 0.96519314645384150975
 * </pre>
 */
class DiscreteAccountingTest {

    @Test
    void tau_matchesIndependentValues() {
        assertEquals(0.84804972471113777302, DiscreteGaussianBound.tau(0.5, 2), 1e-15);
        assertEquals(9.7011584541213720024, DiscreteGaussianBound.tau(0.5, 100), 1e-14);
        assertEquals(0.00054352425816199972669, DiscreteGaussianBound.tau(1, 10), 1e-18);
        assertEquals(7.1571796476094986723e-17, DiscreteGaussianBound.tau(2, 1000), 1e-30);
        assertEquals(0, DiscreteGaussianBound.tau(3, 1));
    }

    @Test
    void rho_ofOneDiscreteGaussian_isTheContinuousOnes_andTheSumPaysTauPerCoordinate() {
        assertEquals(2.0 * 2.0 / (2 * 5.0 * 5.0), DiscreteGaussianBound.rho(2, 5, 1000, 1), 1e-15);
        // n = 10 parties each adding sigma = 1, d = 100: the second form, (2/sqrt(10) + 10 tau)^2 / 2 (mpmath:
        // 0.2034523201696510929), is below the first, 4/20 + 100 tau.
        assertEquals(0.2034523201696510929, DiscreteGaussianBound.rho(2, 1, 100, 10), 1e-15);
        // The two forms, with mpmath (mp.dps = 30): rho = min(D^2/(2 n s^2) + tau d, (D/(sqrt(n) s) + tau sqrt(d))^2/2)
        //   D=2, s=0.5, d=100, n=10:  tau 2.345325319246769671, forms 235.3325319246769671, 305.49382210652343206
        //   D=1, s=1, d=1000, n=100:  tau 0.00054778869906014843304, forms 0.55278869906014843304, 0.0068822961949396116137
        assertEquals(235.3325319246769671, DiscreteGaussianBound.rho(2, 0.5, 100, 10), 1e-12);
        assertEquals(0.0068822961949396116137, DiscreteGaussianBound.rho(1, 1, 1000, 100), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> DiscreteGaussianBound.rho(1, 0.4, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> DiscreteGaussianBound.rho(1, 1, 0, 1));
    }

    @Test
    void pureDpCurve_matchesRandomizedResponse_andLiesBetweenLaplaceAndTheGenericBounds() {
        assertEquals(0.62733264704949932479, PureDpRdp.atOrder(1, 1.5), 1e-14);
        assertEquals(0.73532566405551922471, PureDpRdp.atOrder(1, 2), 1e-14);
        assertEquals(0.96519314645384150975, PureDpRdp.atOrder(1, 10), 1e-14);
        for (double eps : new double[] {0.01, 0.1, 1, 5}) {
            for (double alpha : RdpAccountant.defaultOrders()) {
                double rr = PureDpRdp.atOrder(eps, alpha);
                assertTrue(rr <= Math.min(eps, alpha * eps * eps / 2) * (1 + 1e-12), "eps " + eps + " alpha " + alpha);
                assertTrue(rr >= LaplaceRdp.atOrder(eps, alpha) * (1 - 1e-12), "eps " + eps + " alpha " + alpha);
            }
        }
    }

    @Test
    void discreteGaussian_costsTheGaussiansRdp_andTightestFallsBackToRdp() {
        var rdp = new RdpAccountant();
        rdp.composeDiscreteGaussian(1.2, 10);
        var continuous = new RdpAccountant();
        continuous.composeGaussian(1.2, 10);
        assertEquals(continuous.epsilon(1e-5), rdp.epsilon(1e-5), 0);

        var pld = new PldAccountant();
        pld.composeDiscreteGaussian(1.2, 10);
        assertEquals(Double.POSITIVE_INFINITY, pld.epsilon(1e-5), "PLD claims no bound for discrete noise");

        // A mix: continuous DP-SGD steps and discrete releases. The tightest answer is RDP's for the whole mix.
        PrivacyAccountant tightest = Accountant.TIGHTEST.create();
        var rdpMix = new RdpAccountant();
        for (PrivacyAccountant a : new PrivacyAccountant[] {tightest, rdpMix}) {
            a.composeSubsampledGaussian(0.01, 1.0, 500);
            Mechanism.discreteGaussian(20, 3).composeInto(a);
            Mechanism.discreteLaplace(4, 2).composeInto(a);
        }
        assertEquals(rdpMix.epsilon(1e-5), tightest.epsilon(1e-5), 0);
        assertEquals(Double.POSITIVE_INFINITY, PldAccountant.epsilonOf(java.util.List.of(Mechanism.discreteLaplace(4, 1)), 1e-5));
    }

    @Test
    void discreteLaplace_isChargedThePureDpCurve() {
        var a = new RdpAccountant();
        a.composeDiscreteLaplace(2, 3);
        double[] orders = RdpAccountant.defaultOrders();
        double[] expected = new double[orders.length];
        for (int k = 0; k < orders.length; k++) expected[k] = 3 * PureDpRdp.atOrder(0.5, orders[k]);
        assertEquals(RdpAccountant.epsilonFromRdp(orders, expected, 1e-5), a.epsilon(1e-5), 1e-12);
        // At least the continuous Laplace's charge, whose curve lies below randomized response's.
        var continuous = new RdpAccountant();
        continuous.composeLaplace(2, 3);
        assertTrue(a.epsilon(1e-5) >= continuous.epsilon(1e-5));
    }

    @Test
    void mechanism_discreteFlag_isPartOfItsIdentity_andRefusesSampling() {
        var d = Mechanism.discreteGaussian(2, 1);
        var c = Mechanism.gaussian(1, 2, 1);
        assertTrue(d.discrete());
        assertFalse(c.discrete());
        assertFalse(d.sameMechanism(c));
        assertTrue(d.plus(2).discrete());
        assertEquals(3, d.plus(2).count());
        assertThrows(IllegalArgumentException.class,
                () -> new Mechanism(NoiseKind.GAUSSIAN, 0.5, 2, 1, Neighbours.ADD_OR_REMOVE, true));
    }

    @Test
    void calibration_ofDiscreteNoise_usesRdpAlone() {
        double z = NoiseCalibration.discreteGaussianNoiseMultiplier(2, 1e-5, 10);
        assertEquals(NoiseCalibration.gaussianNoiseMultiplier(2, 1e-5, 1, 10, Accountant.RDP), z, 0);
        var a = new RdpAccountant();
        a.composeDiscreteGaussian(z, 10);
        assertTrue(a.epsilon(1e-5) <= 2 && a.epsilon(1e-5) >= 0.99 * 2);
        double b = NoiseCalibration.discreteLaplaceScale(2, 1e-5, 4);
        var l = new RdpAccountant();
        l.composeDiscreteLaplace(b, 4);
        assertTrue(l.epsilon(1e-5) <= 2 && l.epsilon(1e-5) >= 0.99 * 2, "" + l.epsilon(1e-5));
    }
}
