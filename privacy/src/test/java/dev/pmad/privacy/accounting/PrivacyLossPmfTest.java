package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.accounting.AdditiveNoiseLoss.Adjacency;
import org.junit.jupiter.api.Test;

/**
 * The pieces of the PLD accountant. Reference values from SciPy ({@code norm.ppf}, {@code
 * norm.logcdf}) and from the closed forms quoted in each test.
 */
class PrivacyLossPmfTest {
    @Test
    void normal_matchesScipy() {
        assertEquals(-9.745474864965935, Normal.quantileOfLog(Math.log(0.5) - 50), 1e-13);
        assertEquals(-3.090232306167813, Normal.quantileOfLog(Math.log(1e-3)), 1e-13);
        assertEquals(-454.32124395634327, Normal.logCdf(-30), 1e-10);
        assertEquals(0.9331927987311419, Normal.cdf(1.5), 1e-15);
        assertEquals(6.22096057427174e-16, Normal.cdf(-8), 1e-28);
    }

    @Test
    void gaussianDelta_isTheAnalyticGaussianMechanism() {
        // Balle and Wang 2018, Thm. 8, sensitivity 1: delta(eps) = Phi(1/(2s) - eps s) - e^eps Phi(-1/(2s) - eps s).
        double s = 1.3;
        var loss = new AdditiveNoiseLoss.Gaussian(s, 1, Adjacency.REMOVE);
        for (double eps : new double[] {0, 0.5, 2, 5}) {
            double exact = Normal.cdf(1 / (2 * s) - eps * s) - Math.exp(eps) * Normal.cdf(-1 / (2 * s) - eps * s);
            assertEquals(exact, loss.deltaForEpsilon(eps), 1e-15);
        }
    }

    @Test
    void subsampledGaussianLoss_inverseUndoesTheLoss() {
        for (Adjacency adjacency : Adjacency.values()) {
            var loss = new AdditiveNoiseLoss.Gaussian(0.8, 0.05, adjacency);
            for (double x : new double[] {-3, -0.4, 0, 1.7}) {
                assertEquals(x, loss.inverseLoss(loss.loss(x)), 1e-9, adjacency + " at " + x);
            }
        }
    }

    @Test
    void connectTheDots_passesThroughTheMechanismsDeltasAndStaysAbove() {
        var loss = new AdditiveNoiseLoss.Gaussian(1.0, 0.2, Adjacency.REMOVE);
        double d = 1e-2;
        var pmf = PrivacyLossPmf.connectTheDots(loss, d);
        for (double eps : new double[] {0.0, 0.5, 1.0, 2.0}) {
            assertEquals(loss.deltaForEpsilon(eps), pmf.deltaForEpsilon(eps), 1e-12, "on the grid at " + eps);
            double between = eps + d / 2;
            assertTrue(pmf.deltaForEpsilon(between) >= loss.deltaForEpsilon(between), "pessimistic at " + between);
        }
        double total = pmf.infinityMass;
        for (double p : pmf.probs) total += p;
        assertEquals(1, total, 1e-12);
    }

    @Test
    void laplace_oneRelease_isPureDp() {
        // Laplace of scale 1/eps0 is (eps0, 0)-DP and for eps < eps0 delta(eps) = 1 - e^((eps - eps0)/2).
        var loss = new AdditiveNoiseLoss.Laplace(0.5);
        assertEquals(0, loss.deltaForEpsilon(2), 1e-15);
        assertEquals(-Math.expm1((1 - 2) / 2.0), loss.deltaForEpsilon(1), 1e-15);
        var pmf = PrivacyLossPmf.connectTheDots(loss, 1e-4);
        assertEquals(2, pmf.epsilonForDelta(1e-12), 1e-4); // not delta 0: rounding leaves ~1e-17 at +infinity
    }

    @Test
    void compose_ofGaussians_isTheGaussianOfSummedPrecision() {
        // Two Gaussian releases of sigma 1 are one of sigma 1/sqrt 2; both grids are pessimistic.
        double d = 1e-3;
        var one = PrivacyLossPmf.connectTheDots(new AdditiveNoiseLoss.Gaussian(1, 1, Adjacency.REMOVE), d);
        var twice = one.compose(one, PldAccountant.TAIL_MASS_TRUNCATION);
        var selfTwice = one.selfCompose(2, PldAccountant.TAIL_MASS_TRUNCATION);
        var exact = new AdditiveNoiseLoss.Gaussian(1 / Math.sqrt(2), 1, Adjacency.REMOVE);
        for (double eps : new double[] {1, 3, 5}) {
            double truth = exact.deltaForEpsilon(eps);
            assertTrue(twice.deltaForEpsilon(eps) >= truth - 1e-15);
            assertEquals(truth, twice.deltaForEpsilon(eps), 0.02 * truth + 1e-12);
            assertEquals(twice.deltaForEpsilon(eps), selfTwice.deltaForEpsilon(eps), 1e-12);
        }
    }
}
