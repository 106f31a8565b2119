package dev.pmad.coordinator.checkpoint;

import dev.pmad.coordinator.aggregation.StrategyState;
import dev.pmad.coordinator.privacy.PrivacyState;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run as the coordinator held it after its last completed round: everything its next rounds
 * and its results depend on. Immutable: the coordinator's loop builds it and may hand it to any
 * thread.
 *
 * <p>Randomness is not in it because none is needed: agents derive each round's seed from (run
 * seed, round, agent), strategies use none, and what the coordinator draws itself (central DP's
 * noise, the draw of a sampled round's agents) comes fresh from its secure generator, so a
 * resumed run equals an uninterrupted one bit for bit only without those.
 *
 * @param runId             the run's id; a resumed run keeps it
 * @param outcome           null while the run is unfinished; its outcome once it ended
 * @param reason            why it ended, or null
 * @param startedAt         when the run was first started
 * @param targetRounds      the rounds it was asked for
 * @param round             rounds completed; the run resumes at {@code round + 1}
 * @param resumedFromRound  the round it was last resumed after, 0 if never
 * @param schemaFingerprint the schema every agent must share
 * @param shape             the model's shape
 * @param strategy          the strategy as chosen, its options with defaults
 * @param aggregation       what aggregated ({@code dp-fedavg} under central DP), as recorded
 * @param trainSamples      the rows the agents declared at the quorum, which some strategies are
 *                          bound to ({@link dev.pmad.coordinator.aggregation.Strategy.RunContext})
 * @param quorumAgents      the agents at the quorum, likewise
 * @param fraction          the client-sampling fraction (FRACTION_FIT)
 * @param minAgents         MIN_AGENTS
 * @param privacy           the run's privacy: settings, calibrations, accountant
 * @param epsilonSpent      the run's epsilon after {@code round}
 * @param global            the global model after {@code round}
 * @param strategyState     the strategy's state after {@code round}
 * @param standardization   the standardisation fixed at the quorum; kept, never recomputed
 * @param participants      the agents that took part, as the roster saw them
 * @param results           every completed round, in order
 */
public record RunCheckpoint(String runId, String outcome, String reason, Instant startedAt, int targetRounds, int round,
                            int resumedFromRound, String schemaFingerprint, ModelShape shape, RunStrategy strategy,
                            String aggregation, long trainSamples, int quorumAgents, double fraction, int minAgents,
                            PrivacyState privacy, double epsilonSpent, Weights global, StrategyState strategyState,
                            Standardization standardization, List<Participant> participants,
                            List<RoundResult> results) {

    public RunCheckpoint {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(strategyState, "strategyState");
        participants = List.copyOf(participants);
        results = List.copyOf(results);
        if (round < 0 || round > targetRounds) {
            throw new IllegalArgumentException("round " + round + " is outside 0.." + targetRounds);
        }
        if (results.size() != round) {
            throw new IllegalArgumentException(results.size() + " round results for " + round + " completed rounds");
        }
        if (global.size() != shape.size()) {
            throw new IllegalArgumentException("the global model has " + global.size() + " weights, the shape " + shape.size());
        }
    }

    /** Whether the run still has rounds to go and did not end: what a restarted coordinator resumes. */
    public boolean unfinished() {
        return outcome == null;
    }

    /** The same checkpoint, marked as ended with {@code outcome}. */
    public RunCheckpoint ended(String endOutcome, String endReason) {
        return new RunCheckpoint(runId, endOutcome, endReason, startedAt, targetRounds, round, resumedFromRound,
                schemaFingerprint, shape, strategy, aggregation, trainSamples, quorumAgents, fraction, minAgents, privacy,
                epsilonSpent, global, strategyState, standardization, participants, results);
    }

    /** An agent that took part in the run, as the roster saw it at the checkpoint. */
    public record Participant(String id, int trainSamples, int roundsParticipated) {
        public Participant {
            Objects.requireNonNull(id, "id");
        }
    }
}
