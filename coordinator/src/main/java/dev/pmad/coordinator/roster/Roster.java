package dev.pmad.coordinator.roster;

import dev.pmad.protocol.Join;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * Joined agents in id order (a sorted map, so every iteration — statistics, selection,
 * aggregation — happens in the same order on every run). Loop-thread only.
 *
 * <p><b>Views are incremental.</b> A federation of thousands of agents changes a few records per
 * event, and readers ask for the whole picture ({@link #views}) at the end of every burst of
 * events. Every change goes through a method here, which marks its record; {@link #views} builds
 * views only for marked records and reuses the others, so its cost is in what changed, not in the
 * roster's size. The one exception is the age of each agent's last message, which moves with the
 * clock for every agent at once: it is refreshed for all at most once per {@link #AGE_RESOLUTION_MILLIS}
 * (a marked record's age is always exact). {@link #work} counts the rest for tests.
 */
public final class Roster {
    /** How stale the age of an unchanged agent's last message may be in {@link #views}. */
    public static final long AGE_RESOLUTION_MILLIS = 1_000;

    private final TreeMap<String, AgentRecord> agents = new TreeMap<>();
    /** Live (not lost) agents, kept as records change, so that quorum checks need no scan. */
    private int activeCount;
    /** Records changed since the last {@link #views}, each once. */
    private final List<AgentRecord> changed = new ArrayList<>();
    /** An agent joined since the last {@link #views}: positions moved. */
    private boolean membershipChanged;
    /** The last views, in id order; {@link #published} wraps a copy of it. */
    private AgentView[] views = new AgentView[0];
    private List<AgentView> published = List.of();
    /** When every age in {@link #views} was last refreshed. */
    private long agesRefreshedAt = Long.MIN_VALUE;
    private final Work work = new Work();

    /**
     * Counts of the roster's work that grows with its size, for tests that check the coordinator's
     * cost stays linear in agents. Loop-thread only, like the roster.
     */
    public static final class Work {
        long viewsBuilt;
        long fullPasses;
        long layouts;

        /** Agent views constructed. */
        public long viewsBuilt() {
            return viewsBuilt;
        }

        /** Passes over every agent's record: scans, age refreshes. */
        public long fullPasses() {
            return fullPasses;
        }

        /** The views laid out again in id order because agents joined (reference copies). */
        public long layouts() {
            return layouts;
        }

        @Override
        public String toString() {
            return viewsBuilt + " views built, " + fullPasses + " passes over every agent, " + layouts + " layouts";
        }
    }

    public Work work() {
        return work;
    }

    /** Marks {@code r} as changed for the next {@link #views}. */
    private void touch(AgentRecord r) {
        if (r.changed) return;
        r.changed = true;
        changed.add(r);
    }

    /** Sets {@code r}'s lost flag, keeping {@link #activeCount}. */
    private void setLost(AgentRecord r, boolean lost) {
        if (r.lost == lost) return;
        r.lost = lost;
        activeCount += lost ? -1 : 1;
    }

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
            record.lost = true; // counted live just below
            agents.put(join.sender(), record);
            membershipChanged = true;
        }
        record.incarnation = join.incarnation();
        record.trainerKind = join.trainerKind();
        record.trainSamples = join.trainSamples();
        record.testSamples = join.testSamples();
        record.stats = join.stats();
        record.lastSeenMillis = nowMillis;
        record.reportedState = "READY";
        setLost(record, false);
        touch(record);
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
        setLost(record, false);
        touch(record);
    }

    /**
     * Treats every agent not already lost as heard from at {@code millis}: after the coordinator's
     * own outage, when no agent could have reached it. A time ahead of now is a grace period: no
     * silence counts until then.
     */
    public void allSeen(long millis) {
        work.fullPasses++;
        for (AgentRecord r : agents.values()) {
            if (r.lost) continue;
            r.lastSeenMillis = millis;
            touch(r);
        }
    }

    /** Marks agents silent for longer than {@code silenceMillis} as lost; returns the newly lost. */
    public List<String> markSilentAsLost(long nowMillis, long silenceMillis) {
        // Once per heartbeat interval, not per event: a pass over every agent is its price.
        work.fullPasses++;
        var lost = new ArrayList<String>();
        for (AgentRecord r : agents.values()) {
            if (!r.lost && nowMillis - r.lastSeenMillis > silenceMillis) {
                setLost(r, true);
                touch(r);
                lost.add(r.id);
            }
        }
        return lost;
    }

    /** Every known agent, lost or not, in id order. */
    public List<AgentRecord> all() {
        work.fullPasses++;
        return List.copyOf(agents.values());
    }

    /** Live agents, in id order. A pass over every agent: once per round, not per message. */
    public List<AgentRecord> active() {
        work.fullPasses++;
        return agents.values().stream().filter(r -> !r.lost).toList();
    }

    /** How many agents are live, without a pass over them. */
    public int activeCount() {
        return activeCount;
    }

    // ---- quarantine (see Quarantine) ----------------------------------------------------------

    /** A new run: every agent starts with a clean record. */
    public void clearQuarantine() {
        work.fullPasses++;
        for (AgentRecord r : agents.values()) {
            if (r.sitsOutThrough > 0 || r.probation) touch(r);
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
        touch(r);
        return true;
    }

    /** Agent {@code id} delivered in time: its record is clean again and probation is over. */
    public void delivered(String id) {
        AgentRecord r = agents.get(id);
        if (r == null) return;
        r.missesInARow = 0;
        r.failuresInARow = 0;
        if (r.probation) touch(r);
        r.probation = false;
    }

    /** Agent {@code id}'s update went into round's model, with this training loss. */
    public void participated(String id, double trainLoss) {
        AgentRecord r = agents.get(id);
        if (r == null) return;
        r.roundsParticipated++;
        r.lastTrainLoss = trainLoss;
        touch(r);
    }

    /**
     * Round {@code round} is starting: agents whose time out ended before it come back on
     * probation; returns their ids.
     */
    public List<String> releaseBefore(int round) {
        work.fullPasses++;
        var released = new ArrayList<String>();
        for (AgentRecord r : agents.values()) {
            if (r.sitsOutThrough > 0 && r.sitsOutThrough < round) {
                r.sitsOutThrough = 0;
                touch(r);
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
        work.fullPasses++;
        var out = new java.util.LinkedHashMap<String, Integer>();
        for (AgentRecord r : agents.values()) if (r.roundsSatOut > 0) out.put(r.id, r.roundsSatOut);
        return out;
    }

    /**
     * Every agent's view, in id order: immutable, and the same list as last time when nothing
     * changed. Builds views only for agents changed since the last call, unless ages are due for
     * their refresh (see the class note).
     */
    public List<AgentView> views(long nowMillis) {
        boolean refreshAges = agesRefreshedAt == Long.MIN_VALUE || nowMillis < agesRefreshedAt
                || nowMillis - agesRefreshedAt >= AGE_RESOLUTION_MILLIS;
        if (!refreshAges && changed.isEmpty() && !membershipChanged) return published;
        if (membershipChanged) {
            // Joins move positions: lay the views out again in id order, copying references (a
            // new agent's view is built below, as it is marked changed). Like the copy published
            // below, this is per burst of events, not per event, and builds nothing.
            work.layouts++;
            views = new AgentView[agents.size()];
            int i = 0;
            for (AgentRecord r : agents.values()) {
                r.index = i;
                views[i++] = r.view;
            }
            membershipChanged = false;
        }
        if (refreshAges) {
            work.fullPasses++;
            for (AgentRecord r : agents.values()) views[r.index] = build(r, nowMillis);
            agesRefreshedAt = nowMillis;
        } else {
            for (AgentRecord r : changed) views[r.index] = build(r, nowMillis);
        }
        for (AgentRecord r : changed) r.changed = false;
        changed.clear();
        // The copy is references only; readers on other threads keep theirs while this one moves on.
        published = Collections.unmodifiableList(Arrays.asList(views.clone()));
        return published;
    }

    private AgentView build(AgentRecord r, long nowMillis) {
        work.viewsBuilt++;
        r.view = r.view(nowMillis);
        return r.view;
    }
}
