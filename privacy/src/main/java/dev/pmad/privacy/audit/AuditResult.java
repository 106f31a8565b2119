package dev.pmad.privacy.audit;

import java.util.List;

/**
 * The outcome of an audit: the largest epsilon any guess rejects, with the guesses tried.
 *
 * @param empiricalEpsilon the lower bound: with probability at least {@code confidence} the
 *                         mechanism is not (epsilon, delta)-DP for any smaller epsilon
 * @param confidence       e.g. 0.95
 * @param canaries         m, each included with probability 1/2
 * @param guesses          every (k+, k-) tried, each at significance (1 - confidence) / guesses.size()
 * @param best             the guess that gave {@code empiricalEpsilon}
 */
public record AuditResult(double empiricalEpsilon, double confidence, double delta, int canaries, List<Guess> guesses,
                          Guess best) {
    public AuditResult {
        guesses = List.copyOf(guesses);
    }
}
