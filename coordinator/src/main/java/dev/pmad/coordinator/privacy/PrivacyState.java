package dev.pmad.coordinator.privacy;

import dev.pmad.coordinator.CoordinatorConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one run's privacy has to remember across a restart of the coordinator: an immutable
 * value, one kind per mode, that a checkpoint holds and {@link RunPrivacy#restore} turns back into
 * the run's privacy. Calibrated noise multipliers are kept, not recalibrated, so a resumed run
 * announces exactly what it announced before.
 *
 * <p>Sealed so that a checkpoint codec can switch over every kind exhaustively.
 */
public sealed interface PrivacyState {

    CoordinatorConfig.PrivacySettings settings();

    /** The client-sampling rate the run was planned with (1 without sampling). */
    double samplingRate();

    /** No DP. */
    record None(CoordinatorConfig.PrivacySettings settings, double samplingRate) implements PrivacyState {
        public None {
            Objects.requireNonNull(settings, "settings");
        }
    }

    /** Local DP: the multiplier every agent was told, and the largest epsilon an agent reported. */
    record Local(CoordinatorConfig.PrivacySettings settings, double samplingRate, double noiseMultiplier,
                 double epsilonSpent) implements PrivacyState {
        public Local {
            Objects.requireNonNull(settings, "settings");
        }
    }

    /**
     * Record-level DP: federated Newton's one multiplier, or the multipliers proposed to each
     * agent (key {@code agent#rows}), and the largest epsilon an agent reported.
     */
    record Record(CoordinatorConfig.PrivacySettings settings, double samplingRate, boolean newton,
                  double newtonMultiplier, Map<String, Double> proposed, double epsilonSpent) implements PrivacyState {
        public Record {
            Objects.requireNonNull(settings, "settings");
            proposed = java.util.Collections.unmodifiableMap(new TreeMap<>(proposed));
        }
    }

    /**
     * Central DP: the multiplier of the coordinator's noise, its accountant's RDP curve (one
     * value per order; +infinity allowed) and the rounds charged, from which the epsilon spent
     * so far follows: the smaller of RDP's and PLD's for that many rounds. {@code roundsCharged}
     * is -1 for a checkpoint written before it was kept; such a run goes on with RDP alone.
     * {@code clipNorm} is the clip of the next round: the settings' one, or with adaptive clipping
     * where the estimate moved it (a function of noised counts, kept so the run goes on from it).
     */
    record Central(CoordinatorConfig.PrivacySettings settings, double samplingRate, double noiseMultiplier,
                   List<Double> orders, List<Double> rdp, int roundsCharged, double clipNorm) implements PrivacyState {
        /** With the settings' clip norm (fixed clipping). */
        public Central(CoordinatorConfig.PrivacySettings settings, double samplingRate, double noiseMultiplier,
                       List<Double> orders, List<Double> rdp, int roundsCharged) {
            this(settings, samplingRate, noiseMultiplier, orders, rdp, roundsCharged, settings.clipNorm());
        }

        public Central {
            if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
                throw new IllegalArgumentException("clipNorm must be a finite number > 0, was " + clipNorm);
            }
            if (roundsCharged < -1) throw new IllegalArgumentException("roundsCharged must be >= -1, was " + roundsCharged);
            Objects.requireNonNull(settings, "settings");
            orders = List.copyOf(orders);
            rdp = List.copyOf(rdp);
            if (orders.size() != rdp.size()) {
                throw new IllegalArgumentException("the RDP curve has " + rdp.size() + " values for " + orders.size() + " orders");
            }
        }
    }
}
