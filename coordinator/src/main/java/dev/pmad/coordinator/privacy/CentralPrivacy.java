package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.PrivacyAccountant;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.privacy.plan.RoundCost;
import dev.pmad.protocol.PrivacyParams;
import java.util.List;

/**
 * Central DP: agents clip their updates, the coordinator adds Gaussian noise to the sum
 * (DP-FedAvg, McMahan et al. 2018) and accounts every round, whoever took part, as the Gaussian
 * subsampled at the client-sampling rate under replace-one (1 without sampling); the run's
 * epsilon is the smaller of RDP's and PLD's for the rounds so far ({@link PrivacyPlanner#ACCOUNTANT},
 * the accountant the noise was calibrated with and the agents check with).
 *
 * <p>The RDP curve is kept and checkpointed as before; the PLD needs only the number of rounds,
 * since every round is the same mechanism, so a resumed run recomposes it from that count.
 */
public final class CentralPrivacy implements RunPrivacy {
    private final CoordinatorConfig.PrivacySettings settings;
    private final double noiseMultiplier;
    private final double samplingRate;
    private final RdpAccountant accountant;
    /** Rounds charged so far; -1 when resumed from a checkpoint that did not keep them (RDP alone then). */
    private int roundsCharged;

    CentralPrivacy(CoordinatorConfig.PrivacySettings settings, int rounds, double samplingRate) {
        this.settings = settings;
        this.samplingRate = samplingRate;
        this.noiseMultiplier = PrivacyPlanner.centralNoiseMultiplier(settings.epsilon(), settings.delta(), rounds, samplingRate);
        this.accountant = new RdpAccountant();
        this.roundsCharged = 0;
    }

    /** The accountant comes back with its RDP curve and round count as saved: no round is composed twice. */
    CentralPrivacy(PrivacyState.Central state) {
        this.settings = state.settings();
        this.samplingRate = state.samplingRate();
        this.noiseMultiplier = state.noiseMultiplier();
        this.accountant = RdpAccountant.restore(unboxed(state.orders()), unboxed(state.rdp()));
        this.roundsCharged = state.roundsCharged();
    }

    @Override
    public PrivacyState state() {
        return new PrivacyState.Central(settings, samplingRate, noiseMultiplier, boxed(accountant.orders()),
                boxed(accountant.rdp()), roundsCharged);
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
        return Reports.params(settings, noiseMultiplier, samplingRate);
    }

    @Override
    public double afterRound(List<AgentUpdate> updates) {
        RoundCost round = PrivacyPlanner.centralRoundCost(noiseMultiplier, samplingRate);
        round.composeInto(accountant);
        double rdp = accountant.epsilon(settings.delta());
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
