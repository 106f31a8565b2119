package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.run.PrivacySummary;
import dev.pmad.protocol.PrivacyParams;
import java.util.List;

/** What every noised mode builds the same way: a round's parameters, the run's summary, agents' reported epsilon. */
final class Reports {
    private Reports() {}

    /** The privacy parameters of a round at noise multiplier {@code z}. */
    static PrivacyParams params(CoordinatorConfig.PrivacySettings settings, double z, double samplingRate) {
        return new PrivacyParams(settings.mode().wireName(), settings.noise().wireName(), settings.clipNorm(), z,
                settings.epsilon(), settings.delta(), samplingRate);
    }

    /** The run's privacy as planned and spent, with the largest and smallest noise multiplier used. */
    static PrivacySummary summary(CoordinatorConfig.PrivacySettings settings, double spent, double maxZ, double minZ) {
        return new PrivacySummary(settings.mode().wireName(), settings.noise().wireName(), settings.epsilon(), spent,
                settings.delta(), settings.clipNorm(), maxZ, minZ);
    }

    /** Where agents keep their own ledgers, the run has spent what its most-charged agent reported. */
    static double mostCharged(double before, List<AgentUpdate> updates) {
        return Math.max(before, updates.stream().mapToDouble(AgentUpdate::epsilonSpent).max().orElse(0));
    }
}
