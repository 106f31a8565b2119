package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.PrivacyParams;
import java.util.List;

/** No differential privacy: agents release their updates as they are (if their owners accept it). */
record NoPrivacy(CoordinatorConfig.PrivacySettings settings) implements RunPrivacy {

    @Override
    public PrivacyMode mode() {
        return PrivacyMode.NONE;
    }

    @Override
    public PrivacyState state() {
        return new PrivacyState.None(settings, 1.0);
    }

    @Override
    public double noiseMultiplier() {
        return 0;
    }

    @Override
    public PrivacyParams paramsFor(AgentRecord agent, int targetRounds) {
        return PrivacyParams.NONE;
    }

    @Override
    public double afterRound(List<AgentUpdate> updates) {
        return 0;
    }

    @Override
    public PrivacySummary summary(double epsilonSpent) {
        return Reports.summary(settings, 0, 0, 0);
    }
}
