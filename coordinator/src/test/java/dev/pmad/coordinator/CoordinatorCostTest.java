package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.roster.Roster;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Weights;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's work grows linearly with its agents: a run's events cost the roster work in
 * what they change, never a pass over every agent per event (which made a round quadratic). Counts
 * the roster's work ({@link Roster.Work}) on a manual clock, so that no age refresh is due and
 * every view built is one an event asked for.
 */
class CoordinatorCostTest {
    private static final int ROUNDS = 3;

    /** Work counted for one run of {@code agents} agents that answer at once. */
    private record Cost(long viewsBuilt, long fullPasses, long layouts, int onAgentsChanged) {}

    private static Cost run(int agents) throws Exception {
        try (var fed = new CoordinatorTestSupport(agents, Duration.ofMinutes(1))) {
            fed.coordinator.useHeldOutEvaluation((global, shape, standardization) ->
                    Metrics.fromConfusion(2, new long[] {3, 1, 0, 4}, 2.0, 8));
            var notified = new AtomicInteger();
            var done = new CompletableFuture<RunSummary>();
            fed.coordinator.addListener(new CoordinatorListener() {
                @Override
                public void onAgentsChanged(List<AgentView> views) {
                    notified.incrementAndGet();
                }

                @Override
                public void onRunFinished(RunSummary s) {
                    done.complete(s);
                }
            });
            assertTrue(fed.coordinator.startRun(ROUNDS).get(5, TimeUnit.SECONDS).accepted());
            // Sent from this thread while the loop works: joins arrive one by one and in bursts.
            for (int i = 0; i < agents; i++) answering(fed, String.format("agent-%05d", i));
            RunSummary summary = done.get(60, TimeUnit.SECONDS);
            assertEquals(Outcome.COMPLETED, summary.outcome(), summary.reason());
            assertEquals(agents, summary.rounds().get(ROUNDS - 1).participants().size());
            // The incremental views still tell the whole truth once the loop is idle.
            await("views caught up").until(() -> fed.coordinator.snapshot().agents().stream()
                    .allMatch(v -> v.roundsParticipated() == ROUNDS));
            assertEquals(agents, fed.coordinator.snapshot().agents().size());
            fed.coordinator.close(); // the loop has ended: its counters are final and visible here
            Roster.Work work = fed.coordinator.rosterWork();
            return new Cost(work.viewsBuilt(), work.fullPasses(), work.layouts(), notified.get());
        }
    }

    @Test
    void aRunsRosterWorkGrowsLinearlyWithItsAgents_notWithEventsTimesAgents() throws Exception {
        Cost small = run(500);
        Cost large = run(2_000);
        // About two events per agent and round: rebuilding every view per event would build
        // ~2 * 3 * 2,000 * 2,000 = 24 million views here, 16 times as many as with 500 agents.
        assertTrue(large.viewsBuilt() <= 10L * 2_000 * ROUNDS, () -> "views built: " + large);
        assertTrue(large.viewsBuilt() <= 5 * Math.max(1, small.viewsBuilt()), () -> small + " -> " + large);
        // Passes over every agent: a few per round (selection, the end of the run), none per event.
        assertTrue(large.fullPasses() <= 10L * ROUNDS, () -> "passes over every agent: " + large);
        assertTrue(large.fullPasses() <= small.fullPasses() + 2, () -> small + " -> " + large);
    }

    /** An agent that joins, then answers every ROUND_START at once (on the coordinator's thread, as in memory). */
    private static void answering(CoordinatorTestSupport fed, String id) {
        var endpoint = new Endpoint(fed.network.connect(id), new MessageCodec());
        endpoint.setListener(new Endpoint.Listener() {
            @Override
            public void onMessage(Message message) {
                if (message instanceof RoundStart start) {
                    send(endpoint, new ModelUpdate(start.runId(), start.round(), id, Weights.of(0.1, 0, 0, 0), 10, 0.5,
                            0, 0.01));
                }
            }

            @Override
            public void onRejected(String from, String reason, String detail) {
                throw new AssertionError(id + " got a bad payload: " + detail);
            }
        });
        send(endpoint, new Join("", 0, id, Join.newIncarnation(), CoordinatorTestSupport.FINGERPRINT, "scripted", 10, 10,
                CoordinatorTestSupport.STATS));
    }

    private static void send(Endpoint endpoint, Message m) {
        try {
            endpoint.send(CoordinatorTestSupport.COORDINATOR, m);
        } catch (TransportException e) {
            throw new AssertionError(e);
        }
    }
}
