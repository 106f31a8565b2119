package dev.pmad.coordinator.roster;

import dev.pmad.protocol.Join;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Joined agents in id order (a sorted map, so every iteration — statistics, selection,
 * aggregation — happens in the same order on every run). Loop-thread only.
 */
public final class Roster {
    private final TreeMap<String, AgentRecord> agents = new TreeMap<>();

    /** What a JOIN is, given what the roster already holds about its sender. */
    public enum Arrival {
        /** An agent not known before: added. */
        FIRST,
        /**
         * The incarnation the roster holds: the agent sent its JOIN again because no acknowledgement
         * had reached it yet. Nothing is read from it or changed.
         */
        RESEND,
        /** Another incarnation: the agent's process restarted and lost whatever it was doing. Refreshed. */
        RESTART
    }

    /** Adds or refreshes an agent from its JOIN, unless the JOIN is a resend. */
    public Arrival join(Join join, long nowMillis) {
        AgentRecord record = agents.get(join.sender());
        Arrival arrival = record == null ? Arrival.FIRST
                : record.incarnation.equals(join.incarnation()) ? Arrival.RESEND
                : Arrival.RESTART;
        if (arrival == Arrival.RESEND) return arrival;
        if (arrival == Arrival.FIRST) {
            record = new AgentRecord(join.sender());
            agents.put(join.sender(), record);
        }
        record.incarnation = join.incarnation();
        record.trainerKind = join.trainerKind();
        record.trainSamples = join.trainSamples();
        record.testSamples = join.testSamples();
        record.stats = join.stats();
        record.lastSeenMillis = nowMillis;
        record.reportedState = "READY";
        record.lost = false;
        return arrival;
    }

    public AgentRecord get(String id) {
        return agents.get(id);
    }

    public boolean knows(String id) {
        return agents.containsKey(id);
    }

    public void seen(String id, String state, long nowMillis) {
        AgentRecord record = agents.get(id);
        if (record == null) return;
        record.lastSeenMillis = nowMillis;
        if (state != null) record.reportedState = state;
        record.lost = false;
    }

    /**
     * Treats every agent not already lost as heard from at {@code millis}: after the coordinator's
     * own outage, when no agent could have reached it. A time ahead of now is a grace period: no
     * silence counts until then.
     */
    public void allSeen(long millis) {
        for (AgentRecord r : agents.values()) if (!r.lost) r.lastSeenMillis = millis;
    }

    /** Marks agents silent for longer than {@code silenceMillis} as lost; returns the newly lost. */
    public List<String> markSilentAsLost(long nowMillis, long silenceMillis) {
        var lost = new ArrayList<String>();
        for (AgentRecord r : agents.values()) {
            if (!r.lost && nowMillis - r.lastSeenMillis > silenceMillis) {
                r.lost = true;
                lost.add(r.id);
            }
        }
        return lost;
    }

    /** Every known agent, lost or not, in id order. */
    public List<AgentRecord> all() {
        return List.copyOf(agents.values());
    }

    /** Live agents, in id order. */
    public List<AgentRecord> active() {
        return agents.values().stream().filter(r -> !r.lost).toList();
    }

    // ---- quarantine (see Quarantine) ----------------------------------------------------------

    /** A new run: every agent starts with a clean record. */
    public void clearQuarantine() {
        for (AgentRecord r : agents.values()) {
            r.missesInARow = 0;
            r.failuresInARow = 0;
            r.sitsOutThrough = 0;
            r.probation = false;
            r.roundsSatOut = 0;
        }
    }

    /**
     * Counts a bad round of agent {@code id}; returns true when this strike sends it to sit out
     * rounds {@code round + 1 .. round + policy.rounds()} (then probation).
     */
    public boolean strike(String id, Quarantine.Strike strike, int round, Quarantine policy) {
        AgentRecord r = agents.get(id);
        if (r == null) return false;
        if (strike == Quarantine.Strike.MISSED) r.missesInARow++;
        else r.failuresInARow++;
        if (r.missesInARow < policy.afterMisses() && r.failuresInARow < policy.afterFailures()) return false;
        r.missesInARow = 0;
        r.failuresInARow = 0;
        r.sitsOutThrough = policy.rounds() == 0 ? 0 : round + policy.rounds();
        r.probation = true;
        return true;
    }

    /** Agent {@code id} delivered in time: its record is clean again and probation is over. */
    public void delivered(String id) {
        AgentRecord r = agents.get(id);
        if (r == null) return;
        r.missesInARow = 0;
        r.failuresInARow = 0;
        r.probation = false;
    }

    /**
     * Round {@code round} is starting: agents whose time out ended before it come back on
     * probation; returns their ids.
     */
    public List<String> releaseBefore(int round) {
        var released = new ArrayList<String>();
        for (AgentRecord r : agents.values()) {
            if (r.sitsOutThrough > 0 && r.sitsOutThrough < round) {
                r.sitsOutThrough = 0;
                released.add(r.id);
            }
        }
        return released;
    }

    /** Whether agent {@code id} sits this round out (after {@link #releaseBefore} for it). */
    public boolean sitsOut(String id) {
        AgentRecord r = agents.get(id);
        return r != null && r.sitsOutThrough > 0;
    }

    /** Whether agent {@code id} is invited but waited for only when quorum needs it. */
    public boolean onProbation(String id) {
        AgentRecord r = agents.get(id);
        return r != null && r.probation;
    }

    /** Agent {@code id} was not invited to a round because it sits out. */
    public void satOut(String id) {
        AgentRecord r = agents.get(id);
        if (r != null) r.roundsSatOut++;
    }

    /** Agents that sat out at least one round of this run, with how many, in id order. */
    public java.util.Map<String, Integer> satOut() {
        var out = new java.util.LinkedHashMap<String, Integer>();
        for (AgentRecord r : agents.values()) if (r.roundsSatOut > 0) out.put(r.id, r.roundsSatOut);
        return out;
    }

    public List<AgentView> views(long nowMillis) {
        return agents.values().stream().map(r -> r.view(nowMillis)).toList();
    }
}
