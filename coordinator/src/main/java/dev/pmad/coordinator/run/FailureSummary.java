package dev.pmad.coordinator.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many agents' failures told in one short line, for run reasons, STOP messages, events and logs:
 * counts and the first few names, grouped by reason, never a collection's or a record's
 * {@code toString()}. At most {@link #MAX_LENGTH} characters whatever the number of agents, so a
 * reason stays readable with ten agents and with ten thousand:
 *
 * <pre>391 of 10000 agents failed: agent-7693, agent-7694, agent-7695 and 388 more (restarted and rejoined during the round)
 * 3 of 10 agents failed: agent-7, agent-9 (no update within ROUND_TIMEOUT=300 s); agent-12 (lost: no heartbeat for 15 s)</pre>
 *
 * <p>Not for records of what happened: the round's {@link RoundResult#failures()} keeps every
 * agent and reason.
 */
public final class FailureSummary {
    /** Names shown per reason, and in a list of agents. */
    static final int NAMES = 3;
    /** Reasons shown; the agents of the others are counted. */
    static final int REASONS = 3;
    static final int MAX_NAME = 48;
    static final int MAX_REASON = 120;
    /** The longest line {@link #of} and {@link #agents} return. */
    public static final int MAX_LENGTH = 1_000;

    private FailureSummary() {}

    /** "{n} of {selected} agents failed: names (reason); names (reason)...", or "no agent failed". */
    public static String of(Collection<AgentFailure> failures, int selected) {
        if (failures.isEmpty()) return "no agent failed";
        var byReason = new LinkedHashMap<String, List<String>>();
        for (AgentFailure f : failures) byReason.computeIfAbsent(f.reason(), r -> new ArrayList<>()).add(f.agent());
        var groups = new ArrayList<>(byReason.entrySet());
        groups.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size())); // stable: first seen first
        int of = Math.max(selected, failures.size());
        var text = new StringBuilder().append(failures.size()).append(" of ").append(of)
                .append(of == 1 ? " agent failed: " : " agents failed: ");
        int shown = Math.min(REASONS, groups.size());
        for (int i = 0; i < shown; i++) {
            Map.Entry<String, List<String>> group = groups.get(i);
            if (i > 0) text.append("; ");
            text.append(names(group.getValue())).append(" (").append(clip(group.getKey(), MAX_REASON)).append(')');
        }
        if (groups.size() > shown) {
            int others = groups.subList(shown, groups.size()).stream().mapToInt(g -> g.getValue().size()).sum();
            text.append("; and ").append(others).append(" more for ").append(groups.size() - shown).append(" other reasons");
        }
        return clip(text.toString(), MAX_LENGTH);
    }

    /** "3 agents: a, b, c" or "9997 agents: a, b, c and 9994 more", in the collection's order. */
    public static String agents(Collection<String> agents) {
        if (agents.isEmpty()) return "no agents";
        return clip(agents.size() + (agents.size() == 1 ? " agent: " : " agents: ") + names(agents), MAX_LENGTH);
    }

    /** "a, b, c and 9994 more", in the collection's order. */
    private static String names(Collection<String> agents) {
        var text = new StringBuilder();
        int i = 0;
        for (String agent : agents) {
            if (i == NAMES) break;
            if (i++ > 0) text.append(", ");
            text.append(clip(agent, MAX_NAME));
        }
        if (agents.size() > NAMES) text.append(" and ").append(agents.size() - NAMES).append(" more");
        return text.toString();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
