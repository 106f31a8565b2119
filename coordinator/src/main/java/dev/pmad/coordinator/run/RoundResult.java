package dev.pmad.coordinator.run;

import dev.pmad.coordinator.evaluation.Metrics;
import java.util.List;
import java.util.Map;

/**
 * One completed round.
 *
 * @param participants     agents whose updates were aggregated, in id order
 * @param failures         selected agents that did not contribute, with the reason
 * @param epsilonSpent     privacy spent by the whole run up to and including this round
 * @param rejectedUpdates  duplicate, late or invalid updates dropped during this round
 * @param agentTrainLoss   each participant's mean local training loss
 * @param agentSamples     each participant's sample count (its FedAvg weight)
 * @param roundSeconds     wall time of the round, training and evaluation included
 * @param slowestTrainSeconds the slowest participant's reported local training time
 * @param bounded          participants whose declared rows or update norms the influence bound cut
 * @param clipNorm         the clip norm the round's updates were clipped to (per-example gradients in
 *                         record mode): DP_CLIP_NORM, or central mode's adaptive estimate for this
 *                         round; 0 without DP, and in rounds checkpointed before it was kept
 */
public record RoundResult(int round, List<String> participants, List<AgentFailure> failures, Metrics metrics,
                          double epsilonSpent, long rejectedUpdates, Map<String, Double> agentTrainLoss,
                          Map<String, Integer> agentSamples, double roundSeconds, double slowestTrainSeconds,
                          List<BoundedUpdate> bounded, double clipNorm) {
    public RoundResult {
        bounded = List.copyOf(bounded);
    }

    /** Without the round's clip norm. */
    public RoundResult(int round, List<String> participants, List<AgentFailure> failures, Metrics metrics,
                       double epsilonSpent, long rejectedUpdates, Map<String, Double> agentTrainLoss,
                       Map<String, Integer> agentSamples, double roundSeconds, double slowestTrainSeconds,
                       List<BoundedUpdate> bounded) {
        this(round, participants, failures, metrics, epsilonSpent, rejectedUpdates, agentTrainLoss, agentSamples,
                roundSeconds, slowestTrainSeconds, bounded, 0);
    }

    /** A round in which no update was bounded. */
    public RoundResult(int round, List<String> participants, List<AgentFailure> failures, Metrics metrics,
                       double epsilonSpent, long rejectedUpdates, Map<String, Double> agentTrainLoss,
                       Map<String, Integer> agentSamples, double roundSeconds, double slowestTrainSeconds) {
        this(round, participants, failures, metrics, epsilonSpent, rejectedUpdates, agentTrainLoss, agentSamples,
                roundSeconds, slowestTrainSeconds, List.of());
    }
}
