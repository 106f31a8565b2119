package dev.pmad.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.Agent;
import dev.pmad.agent.AgentConfig;
import dev.pmad.agent.hostile.WireTap;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.time.SystemTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail-closed budgets: agents whose own lifetime budget (AGENT_DP_EPSILON) is smaller than the run's plan
 * refuse the round that would exceed it, the run stops with the reason, and a wire tap on every
 * agent proves that no update left an agent after its refusal.
 */
class BudgetExhaustionTest {

    @Test
    void runOutOfBudget_stopsBeforeTheOverBudgetRound_andNoUpdateLeavesAfterIt(@TempDir java.nio.file.Path ledgers)
            throws Exception {
        var options = new DataOptions();
        options.data = java.nio.file.Path.of(CliRunner.breastCancer());
        options.label = "label";
        options.agents = 3;
        options.partition = "iid";
        options.seed = 42;
        options.testFraction = 0.2;
        PreparedData data = PreparedData.load(options);
        var training = new TrainingOptions();
        training.rounds = 10;
        training.epochs = 1;
        training.learningRate = 0.05;
        var privacy = new PrivacyOptions();
        privacy.mode = "central";
        privacy.epsilon = 4.0;     // the run plans 10 rounds within epsilon 4 ...
        privacy.delta = 1e-5;
        privacy.clip = "1.0";
        privacy.noise = "gaussian";
        var config = Federation.config(data, training, privacy, 42, Duration.ofSeconds(30));

        var network = new InMemoryNetwork();
        var codec = new MessageCodec();
        var timers = new SystemTimers("test-timers");
        var coordinator = new Coordinator(config, new Endpoint(network.connect(config.address()), codec), timers,
                RandomSources.secureRandom());
        var done = new CompletableFuture<RunSummary>();
        coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary summary) {
                done.complete(summary);
            }
        });
        var taps = new ArrayList<WireTap>();
        var agents = new ArrayList<Agent>();
        coordinator.start();
        for (int i = 0; i < data.agents().size(); i++) {
            String id = PreparedData.agentId(i);
            var tap = new WireTap(network.connect(id));
            taps.add(tap);
            // ... but each agent's dataset has a lifetime budget of only epsilon 2.
            var agentConfig = AgentConfig.of(id, config.address(), AgentPolicy.simulation(PrivacyMode.CENTRAL, 2.0, 1e-5),
                    ledgers.resolve(id + ".ledger.json"));
            agents.add(new Agent(agentConfig, data.agents().get(i), TrainerFactory.tribuo(), new Endpoint(tap, codec), timers));
        }
        agents.forEach(Agent::start);
        try {
            assertTrue(coordinator.startRun(10).get(10, TimeUnit.SECONDS).accepted());
            RunSummary summary = done.get(60, TimeUnit.SECONDS);

            assertEquals(Outcome.FAILED, summary.outcome());
            assertTrue(summary.reason().contains("privacy budget exhausted"), summary.reason());
            int completed = summary.rounds().size();
            // The run's plan (epsilon 4) does not fit the agents' lifetime budget (2): they refuse it at
            // its first round, before anything is sent.
            assertEquals(0, completed, "rounds completed");
            assertTrue(summary.reason().contains("refusing the run before anything is sent"), summary.reason());
            assertTrue(summary.privacy().epsilonSpent() <= 2.0, "spent " + summary.privacy().epsilonSpent());
            // The run fails at the first refusal; the other agents check (and refuse) on their own
            // threads, so their refusals may come after the summary: wait for them, then look.
            await().atMost(Duration.ofSeconds(20)).until(() -> taps.stream().allMatch(tap -> tap.sent.stream()
                    .anyMatch(m -> m instanceof ErrorMessage e && e.code().equals(ErrorMessage.BUDGET_EXHAUSTED))));
            for (WireTap tap : taps) {
                int refusal = -1;
                for (int k = 0; k < tap.sent.size(); k++) {
                    if (tap.sent.get(k) instanceof ErrorMessage e && e.code().equals(ErrorMessage.BUDGET_EXHAUSTED)) {
                        refusal = k;
                        break;
                    }
                }
                assertTrue(refusal >= 0, tap.address() + " never refused");
                for (Message m : tap.sent.subList(refusal, tap.sent.size())) {
                    assertTrue(!(m instanceof ModelUpdate), tap.address() + " sent an update after refusing: " + m);
                }
                long updates = tap.sent.stream().filter(ModelUpdate.class::isInstance).count();
                assertTrue(updates <= completed + 1, tap.address() + " sent " + updates + " updates for " + completed + " rounds");
            }
        } finally {
            agents.forEach(Agent::close);
            coordinator.close();
            timers.close();
        }
    }
}
