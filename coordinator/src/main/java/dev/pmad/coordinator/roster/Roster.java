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

    public List<AgentView> views(long nowMillis) {
        return agents.values().stream().map(r -> r.view(nowMillis)).toList();
    }
}
