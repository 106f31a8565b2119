package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.PrivacyAccountant;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.privacy.adaptive.AdaptiveClipping;
import dev.pmad.privacy.adaptive.ClipNormEstimator;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.privacy.plan.RoundCost;
import dev.pmad.protocol.PrivacyParams;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Central DP: agents clip their updates, the coordinator adds exact discrete Gaussian noise to
 * the sum on a lattice (DP-FedAvg, McMahan et al. 2018; Canonne, Kamath and Steinke 2020) and
 * accounts every round, whoever took part, as the discrete Gaussian subsampled at the
 * client-sampling rate under replace-one (Wang, Balle and Kasiviswanathan 2019 Theorem 9; the
 * plain discrete Gaussian without sampling); the run's epsilon is that of {@link
 * PrivacyPlanner#ACCOUNTANT}, the accountant the noise was calibrated with and the agents check
 * with, which for discrete noise is RDP's (PLD gives no bound for it).
 *
 * <p>The RDP curve is kept and checkpointed as before; the tightest accountant needs only the
 * number of rounds, since every round is the same mechanism, so a resumed run recomposes it from
 * that count.
 *
 * <p><b>Adaptive clipping</b> ({@code DP_CLIP_NORM=adaptive[:quantile]}, Andrew et al. 2021, as
 * TF Privacy's {@code QuantileAdaptiveClipSumQuery}): each round's clip goes to the agents, each
 * update says whether it was clipped, and after the round the coordinator releases the count of
 * unclipped updates with exact discrete Gaussian noise and moves the clip for the next round.
 * The count takes {@link #COUNT_SHARE} of the round's privacy: z_b = z / sqrt(share), and the
 * sum is noised at z_delta = (z^-2 - z_b^-2)^-1/2 times this round's sensitivity 2C, so the
 * round's two discrete Gaussian releases are one multivariate discrete Gaussian with curve
 * alpha / (2 z^2) and the run is accounted (here and in every agent's ledger) as fixed clipping
 * at z. The count's sensitivity is 1 under replace-one (a bit flips), the relation central
 * mode's accounting uses, with or without client sampling: with sampling the count is over the
 * drawn agents, secretly, and divided by the expected number of them, as TF Privacy divides by
 * {@code expected_num_records}; the pair (sum, count) is one discrete Gaussian query on the same
 * secret sample, so the subsampled accounting covers both.
 */
public final class CentralPrivacy implements RunPrivacy {
    private final CoordinatorConfig.PrivacySettings settings;
    private final double noiseMultiplier;
    private final double samplingRate;
    private final RdpAccountant accountant;
    /** Rounds charged so far; -1 when resumed from a checkpoint that did not keep them (RDP alone then). */
    private int roundsCharged;
    /**
     * Adaptive clipping's share of each round's privacy spent on the count of unclipped updates:
     * the sum's noise grows by 1 / sqrt(1 - 0.1) = 1.054. Andrew et al.'s sigma_b = n / 20 needs
     * hundreds of updates a round; with five agents and z of several units it would be below z.
     */
    public static final double COUNT_SHARE = 0.1;
    /** Adaptive clipping's settings and running estimate, or null with a fixed clip norm. */
    private final AdaptiveClipping adaptive;
    private final ClipNormEstimator estimator;
    /**
     * Distributed DP (secure aggregation, the agents noise): the multiplier the next {@link
     * #afterRound} charges, that round's z_eff; 0 to charge the run's z (the coordinator's own noise).
     */
    private double distributedMultiplier;

    CentralPrivacy(CoordinatorConfig.PrivacySettings settings, int rounds, double samplingRate, RandomGenerator noise) {
        this.settings = settings;
        this.samplingRate = samplingRate;
        this.noiseMultiplier = PrivacyPlanner.centralNoiseMultiplier(settings.epsilon(), settings.delta(), rounds, samplingRate);
        this.accountant = new RdpAccountant();
        this.roundsCharged = 0;
        this.adaptive = adaptiveClipping(settings, noiseMultiplier);
        this.estimator = adaptive == null ? null : new ClipNormEstimator(adaptive, noise);
    }

    /**
     * The accountant comes back with its RDP curve and round count as saved: no round is composed
     * twice; adaptive clipping goes on from the clip its last round set.
     */
    CentralPrivacy(PrivacyState.Central state, RandomGenerator noise) {
        this.settings = state.settings();
        this.samplingRate = state.samplingRate();
        this.noiseMultiplier = state.noiseMultiplier();
        this.accountant = RdpAccountant.restore(unboxed(state.orders()), unboxed(state.rdp()));
        this.roundsCharged = state.roundsCharged();
        this.adaptive = adaptiveClipping(settings, noiseMultiplier);
        this.estimator = adaptive == null ? null : ClipNormEstimator.resumed(adaptive, state.clipNorm(), noise);
    }

    /**
     * Adaptive clipping's settings for a run at noise multiplier {@code z}, or null for a fixed
     * clip: the paper's learning rate 0.2, the count at {@link #COUNT_SHARE} of the round's
     * privacy under replace-one (sensitivity 1). The denominator given here (1) is never used:
     * each round gives its own ({@link #adaptClip}).
     */
    static AdaptiveClipping adaptiveClipping(CoordinatorConfig.PrivacySettings settings, double z) {
        if (settings.adaptive() == null) return null;
        return AdaptiveClipping.withCountShare(settings.clipNorm(), settings.adaptive().quantile(), z, COUNT_SHARE, 1,
                AdaptiveClipping.REPLACE_ONE);
    }

    @Override
    public PrivacyState state() {
        return new PrivacyState.Central(settings, samplingRate, noiseMultiplier, boxed(accountant.orders()),
                boxed(accountant.rdp()), roundsCharged, clipNorm());
    }

    /** Whether the run adapts its clip norm. */
    public boolean adaptive() {
        return adaptive != null;
    }

    /** The clip norm of the coming (or current) round. */
    @Override
    public double clipNorm() {
        return estimator != null ? estimator.clipNorm() : settings.clipNorm();
    }

    /**
     * The multiplier of the noise on the clipped sum, per unit of its sensitivity 2C: the run's
     * z with a fixed clip, z_delta = (z^-2 - z_b^-2)^-1/2 with adaptive clipping.
     */
    public double sumNoiseMultiplier() {
        return adaptive != null ? adaptive.valueNoiseMultiplier(noiseMultiplier) : noiseMultiplier;
    }

    /** The stddev of the noise on the count of unclipped updates (z_b at sensitivity 1); 0 with a fixed clip. */
    public double countNoiseStddev() {
        return adaptive != null ? adaptive.countStddev() : 0;
    }

    /**
     * Ends an adaptive round after its sum was noised with this round's clip: releases the noised
     * fraction of unclipped updates over {@code expectedUpdates} (the number that took part
     * without client sampling, the expected number with it) and moves the clip for the next round.
     */
    public ClipNormEstimator.Round adaptClip(List<AgentUpdate> updates, double expectedUpdates) {
        if (estimator == null) throw new IllegalStateException("the run's clip norm is fixed");
        int unclipped = (int) updates.stream().filter(AgentUpdate::unclipped).count();
        return estimator.endRound(unclipped, updates.size(), expectedUpdates);
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    @Override
    public PrivacyMode mode() {
        return PrivacyMode.CENTRAL;
    }

    @Override
    public CoordinatorConfig.PrivacySettings settings() {
        return settings;
    }

    @Override
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    @Override
    public PrivacyParams paramsFor(AgentRecord agent, int targetRounds) {
        return new PrivacyParams(settings.mode().wireName(), settings.noise().wireName(), clipNorm(), noiseMultiplier,
                settings.epsilon(), settings.delta(), samplingRate, adaptive != null);
    }

    /**
     * Distributed DP: the coming round's sum was noised by its agents, and {@link #afterRound}
     * charges it at {@code effectiveMultiplier}, the discrete Gaussian multiplier of the sum of
     * t agents' noise (Kairouz, Liu and Steinke 2021 Prop. 14, {@link
     * dev.pmad.secagg.DistributedDp#effectiveNoiseMultiplier}), at most the run's z by rounding.
     */
    public void chargeNextRoundAsDistributed(double effectiveMultiplier) {
        if (!(effectiveMultiplier > 0)) throw new IllegalArgumentException("effective multiplier " + effectiveMultiplier);
        distributedMultiplier = effectiveMultiplier;
    }

    @Override
    public double afterRound(List<AgentUpdate> updates) {
        boolean distributed = distributedMultiplier > 0;
        RoundCost round = PrivacyPlanner.centralRoundCost(distributed ? distributedMultiplier : noiseMultiplier, samplingRate);
        distributedMultiplier = 0;
        round.composeInto(accountant);
        double rdp = accountant.epsilon(settings.delta());
        // Distributed rounds' multipliers differ in the last bits (each round's threshold): the
        // RDP curve composed round by round is the account; a count of equal rounds would not be.
        if (distributed) roundsCharged = -1;
        if (roundsCharged < 0) return rdp;
        roundsCharged++;
        PrivacyAccountant tightest = PrivacyPlanner.ACCOUNTANT.create();
        round.mechanismsTimes(roundsCharged).forEach(m -> m.composeInto(tightest));
        // Both are bounds for the same rounds; the minimum never exceeds the RDP curve's answer.
        return Math.min(rdp, tightest.epsilon(settings.delta()));
    }

    @Override
    public PrivacySummary summary(double spent) {
        return Reports.summary(settings, spent, noiseMultiplier, noiseMultiplier);
    }
}
