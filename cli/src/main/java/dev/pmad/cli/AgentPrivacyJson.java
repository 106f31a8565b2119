package dev.pmad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.privacy.AgentPrivacy;
import java.util.List;

/**
 * Each agent's own account of what its dataset has spent, for the {@code privacy} block of the
 * JSON that {@code simulate} and {@code local} print: the run's epsilon says what this run cost,
 * these say what each dataset has left over its lifetime.
 */
final class AgentPrivacyJson {
    private AgentPrivacyJson() {}

    /** Adds {@code privacy.agents[]} to a summary. */
    static void add(ObjectNode summary, List<AgentPrivacy> privacy, List<String> ids, AgentLedgers ledgers) {
        summary.with("privacy").set("agents", agents(privacy, ids, ledgers));
    }

    static ArrayNode agents(List<AgentPrivacy> privacy, List<String> ids, AgentLedgers ledgers) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < privacy.size(); i++) {
            AgentPrivacy p = privacy.get(i);
            ObjectNode agent = out.addObject();
            agent.put("agent", ids.get(i));
            agent.put("ledger", ledgers.fileFor(ids.get(i)).toString());
            agent.put("delta", p.policy().delta());
            if (p.policy().unboundedLifetime()) agent.putNull("lifetimeEpsilonBudget");
            else agent.put("lifetimeEpsilonBudget", p.policy().lifetimeEpsilon());
            agent.put("lifetimeEpsilonSpent", p.lifetimeEpsilon());
            double remaining = p.lifetimeRemaining();
            if (Double.isInfinite(remaining)) agent.putNull("lifetimeEpsilonRemaining");
            else agent.put("lifetimeEpsilonRemaining", remaining);
        }
        return out;
    }
}
