package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.PrivacyParams;
import java.util.List;

/**
 * Local DP, enforced by each agent: it clips its update and adds Gaussian or Laplace noise
 * calibrated for the run's rounds (replace-one-agent sensitivity 2C), charging its own ledger.
 */
final class LocalPrivacy implements RunPrivacy {
    private final CoordinatorConfig.PrivacySettings settings;
    private final double noiseMultiplier;
    private final double samplingRate;
    private double epsilonSpent;

    LocalPrivacy(CoordinatorConfig.PrivacySettings settings, int rounds, double samplingRate) {
        this.settings = settings;
        this.samplingRate = samplingRate;
        this.noiseMultiplier = PrivacyPlanner.noiseMultiplier(PrivacyMode.LOCAL, settings.noise(), settings.epsilon(),
                settings.delta(), rounds, 1, 1, 1);
    }

    LocalPrivacy(PrivacyState.Local state) {
        this.settings = state.settings();
        this.samplingRate = state.samplingRate();
        this.noiseMultiplier = state.noiseMultiplier();
        this.epsilonSpent = state.epsilonSpent();
    }

    @Override
    public PrivacyState state() {
        return new PrivacyState.Local(settings, samplingRate, noiseMultiplier, epsilonSpent);
    }

    @Override
    public PrivacyMode mode() {
        return PrivacyMode.LOCAL;
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
        epsilonSpent = Reports.mostCharged(epsilonSpent, updates);
        return epsilonSpent;
    }

    @Override
    public PrivacySummary summary(double spent) {
        return Reports.summary(settings, spent, noiseMultiplier, noiseMultiplier);
    }
}
