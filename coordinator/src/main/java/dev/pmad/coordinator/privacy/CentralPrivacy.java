package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.RdpAccountant;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.PrivacyParams;
import java.util.List;

/**
 * Central DP: agents clip their updates, the coordinator adds Gaussian noise to the sum
 * (DP-FedAvg, McMahan et al. 2018) and accounts every round, whoever took part, as the Gaussian
 * subsampled at the client-sampling rate (1 without sampling); its accountant is the run's epsilon.
 */
public final class CentralPrivacy implements RunPrivacy {
    private final CoordinatorConfig.PrivacySettings settings;
    private final double noiseMultiplier;
    private final double samplingRate;
    private final RdpAccountant accountant;

    CentralPrivacy(CoordinatorConfig.PrivacySettings settings, int rounds, double samplingRate) {
        this.settings = settings;
        this.samplingRate = samplingRate;
        this.noiseMultiplier = PrivacyPlanner.centralNoiseMultiplier(settings.epsilon(), settings.delta(), rounds, samplingRate);
        this.accountant = new RdpAccountant();
    }

    /** The accountant comes back with its RDP curve as saved: no round is composed twice. */
    CentralPrivacy(PrivacyState.Central state) {
        this.settings = state.settings();
        this.samplingRate = state.samplingRate();
        this.noiseMultiplier = state.noiseMultiplier();
        this.accountant = RdpAccountant.restore(unboxed(state.orders()), unboxed(state.rdp()));
    }

    @Override
    public PrivacyState state() {
        return new PrivacyState.Central(settings, samplingRate, noiseMultiplier, boxed(accountant.orders()),
                boxed(accountant.rdp()));
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
        PrivacyPlanner.centralRoundCost(noiseMultiplier, samplingRate).composeInto(accountant);
        return accountant.epsilon(settings.delta());
    }

    @Override
    public PrivacySummary summary(double spent) {
        return Reports.summary(settings, spent, noiseMultiplier, noiseMultiplier);
    }
}
