package dev.pmad.privacy.accounting;

/**
 * Composes every release into both an {@link RdpAccountant} and a {@link PldAccountant} and
 * answers the smaller epsilon. Sound: each is an upper bound on the same releases' epsilon, so
 * their minimum is. In practice PLD is the smaller except for very small epsilons, where its
 * discretization error can exceed RDP's slack.
 */
final class TightestAccountant implements PrivacyAccountant {
    private final RdpAccountant rdp;
    private final PldAccountant pld;

    TightestAccountant() {
        this(new RdpAccountant(), new PldAccountant());
    }

    TightestAccountant(RdpAccountant rdp, PldAccountant pld) {
        this.rdp = rdp;
        this.pld = pld;
    }

    @Override
    public void composeGaussian(double noiseMultiplier, int steps) {
        rdp.composeGaussian(noiseMultiplier, steps);
        pld.composeGaussian(noiseMultiplier, steps);
    }

    @Override
    public void composeSubsampledGaussian(double samplingRate, double noiseMultiplier, int steps) {
        rdp.composeSubsampledGaussian(samplingRate, noiseMultiplier, steps);
        pld.composeSubsampledGaussian(samplingRate, noiseMultiplier, steps);
    }

    @Override
    public void composeReplaceOneSubsampledGaussian(double samplingRate, double noiseMultiplier, int steps) {
        rdp.composeReplaceOneSubsampledGaussian(samplingRate, noiseMultiplier, steps);
        pld.composeReplaceOneSubsampledGaussian(samplingRate, noiseMultiplier, steps);
    }

    @Override
    public void composeLaplace(double scaleOverSensitivity, int steps) {
        rdp.composeLaplace(scaleOverSensitivity, steps);
        pld.composeLaplace(scaleOverSensitivity, steps);
    }

    /** RDP's bound; PLD records it and answers +infinity, so the minimum is RDP's. */
    @Override
    public void composeDiscreteGaussian(double noiseMultiplier, int steps) {
        rdp.composeDiscreteGaussian(noiseMultiplier, steps);
        pld.composeDiscreteGaussian(noiseMultiplier, steps);
    }

    /** RDP's bound (Wang, Balle, Kasiviswanathan 2019, Thm. 9); PLD records it and answers +infinity. */
    @Override
    public void composeSampledDiscreteGaussian(double samplingRate, double noiseMultiplier, int steps) {
        rdp.composeSampledDiscreteGaussian(samplingRate, noiseMultiplier, steps);
        pld.composeSampledDiscreteGaussian(samplingRate, noiseMultiplier, steps);
    }

    @Override
    public void composeDiscreteLaplace(double scaleOverSensitivity, int steps) {
        rdp.composeDiscreteLaplace(scaleOverSensitivity, steps);
        pld.composeDiscreteLaplace(scaleOverSensitivity, steps);
    }

    @Override
    public double epsilon(double delta) {
        return Math.min(rdp.epsilon(delta), pld.epsilon(delta));
    }

    @Override
    public Accountant kind() {
        return Accountant.TIGHTEST;
    }

    @Override
    public TightestAccountant copy() {
        return new TightestAccountant(rdp.copy(), pld.copy());
    }
}
