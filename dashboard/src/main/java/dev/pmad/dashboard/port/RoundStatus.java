package dev.pmad.dashboard.port;

import java.util.List;

/**
 * One completed round: the global model's federated evaluation and what the round cost.
 * Metrics nobody could compute are NaN (shown and serialised as null).
 *
 * @param epsilonSpent    privacy spent by the whole run up to and including this round
 * @param participants    agents whose updates were aggregated
 * @param failures        selected agents that did not contribute, and why
 * @param rejectedUpdates late, duplicate or invalid updates dropped in this round
 * @param bounded         what the influence bound cut this round, one line per agent and quantity
 *                        (e.g. {@code agent-5 delta norm 41.2 -> 8.07})
 * @param clipNorm        the clip norm of the round's updates (0 without DP); it changes from round
 *                        to round only under central mode's adaptive clipping
 */
public record RoundStatus(int round, double accuracy, double loss, double precision, double recall, double f1,
                          double epsilonSpent, List<String> participants, List<Failure> failures,
                          long rejectedUpdates, double seconds, List<String> bounded, double clipNorm) {

    public RoundStatus {
        participants = List.copyOf(participants);
        failures = List.copyOf(failures);
        bounded = List.copyOf(bounded);
    }

    /** Without the round's clip norm. */
    public RoundStatus(int round, double accuracy, double loss, double precision, double recall, double f1,
                       double epsilonSpent, List<String> participants, List<Failure> failures, long rejectedUpdates,
                       double seconds, List<String> bounded) {
        this(round, accuracy, loss, precision, recall, f1, epsilonSpent, participants, failures, rejectedUpdates, seconds,
                bounded, 0);
    }

    /** A round in which the influence bound cut nothing. */
    public RoundStatus(int round, double accuracy, double loss, double precision, double recall, double f1,
                       double epsilonSpent, List<String> participants, List<Failure> failures, long rejectedUpdates,
                       double seconds) {
        this(round, accuracy, loss, precision, recall, f1, epsilonSpent, participants, failures, rejectedUpdates, seconds,
                List.of());
    }

    /** An agent left out of a round, and why (timed out, lost, refused...). */
    public record Failure(String agent, String reason) {}
}
