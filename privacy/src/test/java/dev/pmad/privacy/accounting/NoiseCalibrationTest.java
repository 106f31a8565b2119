package dev.pmad.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoiseCalibrationTest {
    private static final double DELTA = 1e-5;
    private static final double[] TARGETS = {0.1, 0.5, 1, 2, 4, 8, 16, 50};

    static Stream<Arguments> gaussianCases() {
        // (sampling rate, steps): no sampling over 10 rounds; DP-SGD-like; agent sampling.
        double[][] regimes = {{1.0, 10}, {0.01, 1000}, {0.1, 100}};
        return Stream.of(regimes).flatMap(r -> targets().map(t -> Arguments.of(t, r[0], (int) r[1])));
    }

    private static Stream<Double> targets() {
        return java.util.Arrays.stream(TARGETS).boxed();
    }

    @ParameterizedTest(name = "target {0}, q {1}, steps {2}")
    @MethodSource("gaussianCases")
    void gaussianNoiseMultiplier_spendsWithin1PercentBelowTarget(double target, double q, int steps) {
        double sigma = NoiseCalibration.gaussianNoiseMultiplier(target, DELTA, q, steps, Accountant.RDP);
        var accountant = new RdpAccountant();
        accountant.composeSubsampledGaussian(q, sigma, steps);
        double spent = accountant.epsilon(DELTA);
        assertTrue(spent <= target && spent >= 0.99 * target, "sigma " + sigma + " spends " + spent);
    }

    @ParameterizedTest(name = "target {0}")
    @MethodSource("targets")
    void laplaceScale_spendsWithin1PercentBelowTarget(double target) {
        for (int steps : new int[] {1, 10}) {
            double b = NoiseCalibration.laplaceScale(target, DELTA, steps, Accountant.RDP);
            var accountant = new RdpAccountant();
            accountant.composeLaplace(b, steps);
            double spent = accountant.epsilon(DELTA);
            assertTrue(spent <= target && spent >= 0.99 * target, "b " + b + " spends " + spent);
        }
    }

    static Stream<Arguments> pldCases() {
        return Stream.of(Arguments.of(1.0, 1.0, 10), Arguments.of(4.0, 0.01, 1000), Arguments.of(1.0, 0.1, 100),
                Arguments.of(8.0, 0.2, 100));
    }

    @ParameterizedTest(name = "target {0}, q {1}, steps {2}")
    @MethodSource("pldCases")
    void gaussianNoiseMultiplier_underPld_meetsTheTargetFromBelowWithLessNoiseThanRdp(double target, double q, int steps) {
        double sigma = NoiseCalibration.gaussianNoiseMultiplier(target, DELTA, q, steps, Accountant.PLD);
        var pld = new PldAccountant();
        pld.composeSubsampledGaussian(q, sigma, steps);
        double spent = pld.epsilon(DELTA);
        assertTrue(spent <= target && spent >= 0.99 * target, "sigma " + sigma + " spends " + spent);
        double rdpSigma = NoiseCalibration.gaussianNoiseMultiplier(target, DELTA, q, steps, Accountant.RDP);
        assertTrue(sigma < 0.97 * rdpSigma, "PLD " + sigma + " vs RDP " + rdpSigma);
    }

    @Test
    void gaussianNoiseMultiplier_byDefault_isTheTightest() {
        assertEquals(NoiseCalibration.gaussianNoiseMultiplier(2, DELTA, 0.05, 200, Accountant.TIGHTEST),
                NoiseCalibration.gaussianNoiseMultiplier(2, DELTA, 0.05, 200), 0);
        assertEquals(Accountant.TIGHTEST, Accountant.DEFAULT);
    }

    @Test
    void gaussianNoiseMultiplier_tightest_spendsWithinTheTargetUnderTheSmallerOfBoth() {
        double sigma = NoiseCalibration.gaussianNoiseMultiplier(2, DELTA, 0.05, 200, Accountant.TIGHTEST);
        PrivacyAccountant tightest = Accountant.TIGHTEST.create();
        tightest.composeSubsampledGaussian(0.05, sigma, 200);
        double spent = tightest.epsilon(DELTA);
        assertTrue(spent <= 2 && spent >= 0.99 * 2, "sigma " + sigma + " spends " + spent);
    }

    @Test
    void laplaceScale_underPld_meetsTheTargetFromBelow() {
        for (int steps : new int[] {1, 10}) {
            double b = NoiseCalibration.laplaceScale(1, DELTA, steps, Accountant.PLD);
            var pld = new PldAccountant();
            pld.composeLaplace(b, steps);
            double spent = pld.epsilon(DELTA);
            assertTrue(spent <= 1 && spent >= 0.99, "b " + b + " spends " + spent);
        }
    }

    @Test
    void gaussianNoiseMultiplier_stepwiseChargingOfThePlannedSteps_staysWithinBudget() {
        double sigma = NoiseCalibration.gaussianNoiseMultiplier(3, DELTA, 1.0, 50, Accountant.RDP);
        var accountant = new RdpAccountant();
        for (int round = 0; round < 50; round++) {
            accountant.composeGaussian(sigma, 1);
        }
        assertTrue(accountant.epsilon(DELTA) <= 3);
    }

    @Test
    void calibration_invalidArguments_nameTheArgument() {
        assertMessage("targetEpsilon must be finite and > 0, was 0.0",
                () -> NoiseCalibration.gaussianNoiseMultiplier(0, DELTA, 1, 1));
        assertMessage("targetEpsilon must be finite and > 0, was Infinity",
                () -> NoiseCalibration.laplaceScale(Double.POSITIVE_INFINITY, DELTA, 1));
        assertMessage("delta must be in (0, 1), was 1.0", () -> NoiseCalibration.gaussianNoiseMultiplier(1, 1, 1, 1));
        assertMessage("samplingRate must be in (0, 1], was 0.0",
                () -> NoiseCalibration.gaussianNoiseMultiplier(1, DELTA, 0, 1));
        assertMessage("steps must be >= 1, was 0", () -> NoiseCalibration.gaussianNoiseMultiplier(1, DELTA, 1, 0));
        assertMessage("steps must be >= 1, was 0", () -> NoiseCalibration.laplaceScale(1, DELTA, 0));
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
