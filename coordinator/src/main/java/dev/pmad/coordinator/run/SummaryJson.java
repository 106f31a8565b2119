package dev.pmad.coordinator.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.evaluation.Metrics;
import java.util.List;

/**
 * The JSON form of a run summary, as printed by {@code pmad simulate --json} and stored with each
 * run. Non-finite numbers (a metric nobody could compute) become {@code null}.
 */
public final class SummaryJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryJson() {}

    public static ObjectNode toJson(RunSummary s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", s.runId());
        root.put("outcome", s.outcome().name());
        root.put("reason", s.reason());
        root.put("agents", s.agents().size());
        // Agents that sat out rounds under quarantine (kept failing or never answered), with how many.
        ObjectNode quarantined = root.putObject("quarantined");
        s.quarantined().forEach(quarantined::put);
        root.put("targetRounds", s.targetRounds());
        root.put("roundsCompleted", s.rounds().size());
        // Only a resumed run has it: the round after which it was continued from its checkpoint.
        if (s.resumedFromRound() > 0) root.put("resumedFromRound", s.resumedFromRound());
        root.put("strategy", s.strategy());
        ObjectNode options = root.putObject("strategyOptions");
        s.strategyOptions().forEach((k, v) -> number(options, k, v));
        ArrayNode rounds = root.putArray("rounds");
        for (RoundResult r : s.rounds()) {
            ObjectNode node = metrics(rounds.addObject(), r.metrics());
            node.put("round", r.round());
            number(node, "epsilonSpent", r.epsilonSpent());
            number(node, "clipNorm", r.clipNorm());
            ArrayNode participants = node.putArray("participants");
            r.participants().forEach(participants::add);
            ArrayNode failures = node.putArray("failures");
            for (AgentFailure f : r.failures()) failures.addObject().put("agent", f.agent()).put("reason", f.reason());
            node.set("bounded", bounded(r.bounded()));
            node.put("rejectedUpdates", r.rejectedUpdates());
            number(node, "roundSeconds", r.roundSeconds());
            number(node, "slowestTrainSeconds", r.slowestTrainSeconds());
            ObjectNode losses = node.putObject("agentTrainLoss");
            r.agentTrainLoss().forEach((k, v) -> number(losses, k, v));
        }
        metrics(root.putObject("final"), s.finalMetrics());
        PrivacySummary p = s.privacy();
        ObjectNode privacy = root.putObject("privacy");
        privacy.put("mode", p.mode());
        privacy.put("noise", p.noise());
        number(privacy, "epsilonBudget", p.epsilonBudget());
        number(privacy, "epsilonSpent", p.epsilonSpent());
        number(privacy, "delta", p.delta());
        number(privacy, "clipNorm", p.clipNorm());
        number(privacy, "noiseMultiplier", p.noiseMultiplier());
        number(privacy, "minNoiseMultiplier", p.minNoiseMultiplier());
        number(root, "wallSeconds", s.wallSeconds());
        return root;
    }

    /** [{agent, quantity, sent, bound}]: the agents the round's influence bound cut (a non-finite norm as a string). */
    public static ArrayNode bounded(List<BoundedUpdate> bounded) {
        ArrayNode out = JSON.createArrayNode();
        for (BoundedUpdate b : bounded) {
            ObjectNode node = out.addObject().put("agent", b.agent()).put("quantity", b.quantity());
            number(node, "sent", b.sent());
            number(node, "bound", b.bound());
            node.put("leftOut", b.leftOut());
        }
        return out;
    }

    private static ObjectNode metrics(ObjectNode node, Metrics m) {
        number(node, "accuracy", m.accuracy());
        number(node, "loss", m.loss());
        number(node, "precision", m.precision());
        number(node, "recall", m.recall());
        number(node, "f1", m.f1());
        node.put("n", m.n());
        return node;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) node.put(field, value);
        else node.putNull(field);
    }
}
