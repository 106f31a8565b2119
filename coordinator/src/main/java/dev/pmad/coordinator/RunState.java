package dev.pmad.coordinator;

import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.aggregation.AggregationStrategy;
import dev.pmad.coordinator.run.BoundedUpdate;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.privacy.RunPrivacy;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.Standardization;
import java.time.Instant;
import java.util.ArrayList;
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
    /** The strategy this run was started with (the configured one, or the one its Start asked for). */
    final Strategy chosenStrategy;
    /** The run's privacy mode, calibrated for its rounds: what agents are told, what a round costs. */
    final RunPrivacy privacy;

    AggregationStrategy strategy;
    Standardization standardization;
    double[] global;
    double epsilonSpent;

    int round;
    /** The round a checkpoint resumed this run after; 0 for a run not resumed. */
    int resumedFromRound;
    /** The training rows and agents at the quorum, which strategies are bound to. */
    long quorumTrainSamples;
    int quorumAgents;
    long roundStartedNanos;
    final TreeSet<String> selected = new TreeSet<>();
    /** Central mode with client sampling: the fixed denominator of this round's mean (F x live agents). */
    double expectedParticipants;
    /** The clip norm this round's ROUND_START announced (adaptive clipping moves it between rounds). */
    double clipNorm;
    final TreeSet<String> awaiting = new TreeSet<>();
    /**
     * Invited agents on quarantine probation: their update counts if it comes in time, but the
     * round waits for them only when its quorum needs them.
     */
    final TreeSet<String> optional = new TreeSet<>();
    final TreeMap<String, AgentUpdate> updates = new TreeMap<>();
    final Map<String, AgentFailure> failures = new LinkedHashMap<>();
    final TreeMap<String, EvalResult> evaluations = new TreeMap<>();
    final TreeSet<String> awaitingEvaluation = new TreeSet<>();
    /**
     * The request each awaited agent was sent in this phase (its ROUND_START while training, its
     * EVALUATE while evaluating), kept to be sent again word for word after the coordinator's own
     * outage: an agent answers an identical repeat with the answer it already gave.
     */
    final TreeMap<String, Message> requests = new TreeMap<>();
    /**
     * Awaited agents whose request, or whose answer, may have been lost while the coordinator was
     * cut off from the server: each is sent its request again once heard from (it is online then).
     */
    final TreeSet<String> owed = new TreeSet<>();
    long rejectedThisRound;
    /** This round's agents whose declared rows or update norms the influence bound cut. */
    final List<BoundedUpdate> bounded = new ArrayList<>();
    /** The coordinator lost its own connection during this round: no agent is blamed for missing it. */
    boolean outageThisRound;
    /** This round's metrics on the coordinator's held-out data, when it has some. */
    dev.pmad.coordinator.evaluation.Metrics heldOutMetrics;
    double[] evaluatedGlobal;
    /** This round's secure aggregation, or null when its updates arrive in the clear. */
    dev.pmad.coordinator.secure.SecureRound secureRound;

    RunState(String runId, int targetRounds, Instant startedAt, Strategy chosenStrategy, RunPrivacy privacy) {
        this.runId = runId;
        this.targetRounds = targetRounds;
        this.startedAt = startedAt;
        this.chosenStrategy = chosenStrategy;
        this.privacy = privacy;
    }

    /** The strategy as shown and tracked: the aggregation's name (dp-fedavg under central DP) and the chosen options. */
    RunStrategy recordedStrategy() {
        return new RunStrategy(strategy.name(), chosenStrategy.options());
    }

    void beginRound(int number) {
        round = number;
        roundStartedNanos = System.nanoTime();
        selected.clear();
        awaiting.clear();
        optional.clear();
        updates.clear();
        failures.clear();
        evaluations.clear();
        awaitingEvaluation.clear();
        requests.clear();
        owed.clear();
        heldOutMetrics = null;
        rejectedThisRound = 0;
        bounded.clear();
        outageThisRound = false;
        secureRound = null;
    }
}
