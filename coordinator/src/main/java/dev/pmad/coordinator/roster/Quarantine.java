package dev.pmad.coordinator.roster;

/**
 * When an agent that keeps costing rounds sits out, and for how long.
 *
 * <p>Why: without it, one agent that is connected (its heartbeats keep it "live") but never
 * answers makes every round wait ROUND_TIMEOUT, and one that keeps failing or sending updates
 * the coordinator rejects is invited to every round all the same. With it, the first such round
 * costs what it costs (one timeout at most), then the agent sits out {@link #rounds} rounds and
 * comes back on probation: invited, but waited for only when the round's quorum (MIN_AGENTS)
 * needs it, until it delivers an update in time. A probation agent that never answers therefore
 * costs no further timeouts. Quarantine lasts for the run: a new run starts every agent afresh.
 *
 * @param afterMisses   rounds in a row an agent let time out (no update, or no evaluation, within
 *                      ROUND_TIMEOUT) before it sits out (QUARANTINE_AFTER_MISSES, default 1)
 * @param afterFailures rounds in a row it reported an error or sent an update the coordinator
 *                      rejected before it sits out (QUARANTINE_AFTER_FAILURES, default 2: one
 *                      failure may be bad luck, and it costs no waiting)
 * @param rounds        rounds it then sits out (QUARANTINE_ROUNDS, default 3); 0 skips sitting out,
 *                      straight to probation
 */
public record Quarantine(int afterMisses, int afterFailures, int rounds) {
    public static final Quarantine DEFAULT = new Quarantine(1, 2, 3);

    public Quarantine {
        if (afterMisses < 1) {
            throw new IllegalArgumentException("QUARANTINE_AFTER_MISSES must be at least 1, was " + afterMisses);
        }
        if (afterFailures < 1) {
            throw new IllegalArgumentException("QUARANTINE_AFTER_FAILURES must be at least 1, was " + afterFailures);
        }
        if (rounds < 0) throw new IllegalArgumentException("QUARANTINE_ROUNDS must be at least 0, was " + rounds);
    }

    /** What an agent did wrong in a round. */
    public enum Strike {
        /** Let the round time out: no update or no evaluation within ROUND_TIMEOUT. */
        MISSED,
        /** Reported an error, or sent an update the coordinator rejected. */
        FAILED
    }
}
