package dev.pmad.coordinator;

import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.aggregation.AggregationStrategy;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.privacy.accounting.PrivacyAccountant;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Standardization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The mutable state of one run, owned by the coordinator's loop thread. */
final class RunState {
    final String runId;
    final int targetRounds;
    final Instant startedAt;
    final long startedNanos = System.nanoTime();
    final List<RoundResult> results = new ArrayList<>();
    /** Central mode's run epsilon, with the accountant the run's noise was calibrated with. */
    final PrivacyAccountant accountant = PrivacyPlanner.ACCOUNTANT.create();
    final Map<String, Double> noiseMultipliers = new HashMap<>();

    AggregationStrategy strategy;
    Standardization standardization;
    double[] global;
    double runNoiseMultiplier;
    double epsilonSpent;

    int round;
    long roundStartedNanos;
    final TreeSet<String> selected = new TreeSet<>();
    final TreeSet<String> awaiting = new TreeSet<>();
    final TreeMap<String, AgentUpdate> updates = new TreeMap<>();
    final Map<String, AgentFailure> failures = new LinkedHashMap<>();
    final TreeMap<String, EvalResult> evaluations = new TreeMap<>();
    final TreeSet<String> awaitingEvaluation = new TreeSet<>();
    long rejectedThisRound;
    /** This round's metrics on the coordinator's held-out data, when it has some. */
    dev.pmad.coordinator.evaluation.Metrics heldOutMetrics;
    double[] evaluatedGlobal;

    RunState(String runId, int targetRounds, Instant startedAt) {
        this.runId = runId;
        this.targetRounds = targetRounds;
        this.startedAt = startedAt;
    }

    void beginRound(int number) {
        round = number;
        roundStartedNanos = System.nanoTime();
        selected.clear();
        awaiting.clear();
        updates.clear();
        failures.clear();
        evaluations.clear();
        awaitingEvaluation.clear();
        heldOutMetrics = null;
        rejectedThisRound = 0;
    }
}
