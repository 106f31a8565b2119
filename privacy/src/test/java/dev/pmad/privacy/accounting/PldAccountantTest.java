package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values: dp_accounting's {@code PLDAccountant} with its defaults (value
 * discretization 1e-4, add/remove-one), run from its source (python/dp_accounting, commit
 * b5b0286e) with NumPy and SciPy; the issue quotes the first three (4.3772, 14.5275, 7.0466).
 * Our FFT, normal distribution and grid ends are our own, so agreement is to about 1e-6
 * relative, not to the last bit. Exact Gaussian values (Balle and Wang 2018, Thm. 8: delta(eps) =
 * Phi(1/(2s) - eps s) - e^eps Phi(-1/(2s) - eps s)) were solved with SciPy's brentq.
 */
class PldAccountantTest {
    private static final double DELTA = 1e-5;

    @Test
    void epsilon_gaussianSigma1OneStep_matchesDpAccountingAndBoundsTheExactValue() {
        var pld = new PldAccountant();
        pld.composeGaussian(1.0, 1);
        double eps = pld.epsilon(DELTA);
        assertEquals(4.3772, eps, 0.01 * 4.3772);
        assertEquals(4.37717810002493, eps, 1e-6 * 4.38);
        double exact = 4.377178095681225;
        assertTrue(eps >= exact && eps - exact < 1e-4, "pessimistic, within one grid step: " + eps);
    }

    @Test
    void epsilon_subsampledQ02Sigma1HundredSteps_matchesDpAccounting() {
        var pld = new PldAccountant();
        pld.composeSubsampledGaussian(0.2, 1.0, 100);
        double eps = pld.epsilon(DELTA);
        assertEquals(14.5275, eps, 0.01 * 14.5275);
        assertEquals(14.527517922210917, eps, 1e-6 * 14.53);
    }

    @Test
    void epsilon_subsampledQ01Sigma1HundredSteps_matchesDpAccounting() {
        var pld = new PldAccountant();
        pld.composeSubsampledGaussian(0.1, 1.0, 100);
        double eps = pld.epsilon(DELTA);
        assertEquals(7.0466, eps, 0.01 * 7.0466);
        assertEquals(7.04660287720805, eps, 1e-6 * 7.05);
    }

    @Test
    void epsilon_dpSgdLikeRegimes_matchDpAccounting() {
        assertEquals(1.8282436455855091, subsampled(0.01, 1.0, 1000), 1e-6 * 1.83);
        assertEquals(2.632980360102836, subsampled(0.0123, 0.9, 820), 1e-6 * 2.63);
    }

    @Test
    void epsilon_gaussianStepsComposeExactlyIntoOneGaussian() {
        var pld = new PldAccountant();
        pld.composeGaussian(2.0, 4);
        pld.composeGaussian(2.0, 6);
        assertEquals(7.511275904062699, pld.epsilon(DELTA), 1e-6 * 7.51);
        assertTrue(pld.epsilon(DELTA) >= 7.511275900744779, "never below the exact value");
    }

    @Test
    void epsilon_laplace_matchesDpAccounting() {
        var pld = new PldAccountant();
        pld.composeLaplace(1.0, 10);
        assertEquals(9.989962316985146, pld.epsilon(DELTA), 1e-6 * 9.99);
        var one = new PldAccountant();
        one.composeLaplace(0.5, 1);
        assertEquals(1.999980000299997, one.epsilon(DELTA), 1e-6 * 2);
    }

    @Test
    void epsilon_mixedMechanisms_matchDpAccountingsComposedEvent() {
        var pld = new PldAccountant();
        pld.composeSubsampledGaussian(0.1, 1.5, 50);
        pld.composeGaussian(3.0, 5);
        pld.composeLaplace(5.0, 3);
        assertEquals(4.351763076992162, pld.epsilon(DELTA), 1e-6 * 4.35);
    }

    @Test
    void epsilon_otherDelta_matchesDpAccounting() {
        var pld = new PldAccountant();
        pld.composeGaussian(1.0, 1);
        assertEquals(3.138670552625377, pld.epsilon(1e-3), 1e-6 * 3.14);
    }

    @Test
    void epsilon_chargedRoundByRound_equalsAllStepsAtOnce() {
        var stepwise = new PldAccountant();
        for (int round = 0; round < 10; round++) stepwise.composeSubsampledGaussian(0.1, 1.0, 10);
        var atOnce = new PldAccountant();
        atOnce.composeSubsampledGaussian(0.1, 1.0, 100);
        assertEquals(atOnce.epsilon(DELTA), stepwise.epsilon(DELTA));
        assertEquals(1, stepwise.mechanisms().size());
        assertEquals(100, stepwise.mechanisms().get(0).count());
    }

    @Test
    void epsilon_isBelowRdpForTheSameReleases() {
        var pld = new PldAccountant();
        var rdp = new RdpAccountant();
        for (PrivacyAccountant a : new PrivacyAccountant[] {pld, rdp}) a.composeSubsampledGaussian(0.2, 1.0, 100);
        assertTrue(pld.epsilon(DELTA) < rdp.epsilon(DELTA));
    }

    @Test
    void epsilon_edgeCases() {
        assertEquals(0, new PldAccountant().epsilon(DELTA));
        var none = new PldAccountant();
        none.composeSubsampledGaussian(0, 1, 100);
        none.composeGaussian(1, 0);
        assertEquals(0, none.epsilon(DELTA));
        var noNoise = new PldAccountant();
        noNoise.composeGaussian(0, 1);
        assertEquals(Double.POSITIVE_INFINITY, noNoise.epsilon(DELTA));
        assertThrows(IllegalArgumentException.class, () -> new PldAccountant().epsilon(0));
    }

    @Test
    void epsilon_tooFineAGridForLittleNoise_coarsensAndStaysAboveTheExactValue() {
        var pld = new PldAccountant();
        pld.composeGaussian(1.0, 2000); // one Gaussian of sigma 0.022: 3e7 grid points at 1e-4 ...
        double exact = pld.epsilon(DELTA);
        assertEquals(0, pld.discretizationUsed(), "... but alone it is exact, without a grid");
        pld.composeLaplace(100, 1); // with anything else it goes on the grid, which must coarsen
        double eps = pld.epsilon(DELTA);
        assertTrue(pld.discretizationUsed() > PldAccountant.DEFAULT_DISCRETIZATION);
        var rdp = new RdpAccountant();
        rdp.composeGaussian(1.0, 2000);
        rdp.composeLaplace(100, 1);
        assertTrue(eps > exact && eps <= rdp.epsilon(DELTA), eps + " vs exact " + exact + ", RDP " + rdp.epsilon(DELTA));
    }

    @Test
    void epsilon_unsampledGaussiansAlone_isTheExactAnalyticValue() {
        var pld = new PldAccountant();
        pld.composeGaussian(2.0, 4);
        pld.composeGaussian(2.0, 6);
        assertEquals(7.511275900744779, pld.epsilon(DELTA), 1e-10); // SciPy brentq on Balle and Wang's delta
        assertTrue(pld.epsilon(DELTA) >= 7.511275900744779 - 1e-12);
        assertEquals(0, pld.discretizationUsed());
    }

    @Test
    void copy_isIndependent() {
        var pld = new PldAccountant();
        pld.composeGaussian(1.0, 1);
        var copy = pld.copy();
        copy.composeGaussian(1.0, 1);
        assertEquals(4.37717810002493, pld.epsilon(DELTA), 1e-6 * 4.38);
        assertTrue(copy.epsilon(DELTA) > pld.epsilon(DELTA));
    }

    private static double subsampled(double q, double z, int steps) {
        var pld = new PldAccountant();
        pld.composeSubsampledGaussian(q, z, steps);
        return pld.epsilon(DELTA);
    }
}
