package dev.pmad.dashboard.metrics;

import dev.pmad.dashboard.port.AgentStatus;
import dev.pmad.dashboard.port.DashboardState;
import dev.pmad.dashboard.port.RoundStatus;
import dev.pmad.dashboard.stream.StreamStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer gauges over the federation's state.
 *
 * <p>Gauges read one cached {@link DashboardState}, refreshed once per scrape, rather than each
 * asking the federation: a scrape then sees one consistent picture and costs one snapshot.
 * Meters for agent states, phases and rejection reasons appear the first time the value is seen
 * and stay (at 0) afterwards, so that series do not vanish between scrapes.
 */
public final class FederationMetrics {
    /** Prometheus text exposition format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<DashboardState> source;
    private final Supplier<StreamStats> streams;
    private final Map<String, Integer> agentsByState = new HashMap<>();
    private final Map<String, Long> rejectedByReason = new HashMap<>();
    private volatile DashboardState state;
    private volatile StreamStats streamStats;

    public FederationMetrics(Supplier<DashboardState> source, Supplier<StreamStats> streams) {
        this.source = source;
        this.streams = streams;
        this.state = source.get();
        this.streamStats = streams.get();
        gauge("pmad.round", "Round in progress or last completed (0 before the first)", s -> s.round());
        gauge("pmad.target.rounds", "Rounds of the current or last run", s -> s.targetRounds());
        gauge("pmad.run.active", "1 while a run is in progress", s -> s.running() ? 1 : 0);
        gauge("pmad.accuracy", "Federated accuracy of the last completed round", s -> metric(s, RoundStatus::accuracy));
        gauge("pmad.loss", "Federated log loss of the last completed round", s -> metric(s, RoundStatus::loss));
        gauge("pmad.f1", "Macro F1 of the last completed round", s -> metric(s, RoundStatus::f1));
        gauge("pmad.epsilon.spent", "Privacy budget spent by the current or last run", s -> s.privacy().epsilonSpent());
        gauge("pmad.epsilon.budget", "Privacy budget of a whole run (0 without DP)", s -> s.privacy().epsilonBudget());
        Gauge.builder("pmad.dashboard.event.streams", this, m -> m.streamStats.openStreams())
                .description("Open server-sent event streams").register(registry);
        FunctionCounter.builder("pmad.dashboard.streams.evicted", this, m -> m.streamStats.evicted())
                .description("Event streams closed because the browser could not keep up").register(registry);
        FunctionCounter.builder("pmad.dashboard.streams.refused", this, m -> m.streamStats.refusedStreams())
                .description("Event streams refused because the limit of open streams was reached").register(registry);
        FunctionCounter.builder("pmad.dashboard.events.dropped", this, m -> m.streamStats.dropped())
                .description("Federation events dropped before reaching any stream").register(registry);
        for (String phase : state.phases()) {
            Gauge.builder("pmad.phase", this, m -> m.state.phase().equals(phase) ? 1 : 0)
                    .description("1 for the coordinator's current state-machine phase").tag("phase", phase)
                    .register(registry);
        }
    }

    /** The registry, for callers that want to add their own meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Takes a fresh picture and renders every meter; synchronised so scrapes do not interleave. */
    public synchronized String scrape() {
        DashboardState now = source.get();
        state = now;
        streamStats = streams.get();
        agentsByState.replaceAll((k, v) -> 0);
        for (AgentStatus agent : now.agents()) {
            if (!agentsByState.containsKey(agent.state())) registerAgentState(agent.state());
            agentsByState.merge(agent.state(), 1, Integer::sum);
        }
        now.rejected().forEach((reason, count) -> {
            if (!rejectedByReason.containsKey(reason)) registerRejectionReason(reason);
            rejectedByReason.put(reason, count);
        });
        return registry.scrape();
    }

    private void gauge(String name, String description, ToDoubleFunction<DashboardState> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.state)).description(description).register(registry);
    }

    private void registerAgentState(String agentState) {
        agentsByState.put(agentState, 0);
        Gauge.builder("pmad.agents", this, m -> m.agentsByState.getOrDefault(agentState, 0))
                .description("Agents known to the coordinator, by the state they report").tag("state", agentState)
                .register(registry);
    }

    private void registerRejectionReason(String reason) {
        rejectedByReason.put(reason, 0L);
        FunctionCounter.builder("pmad.rejected.messages", this, m -> m.rejectedByReason.getOrDefault(reason, 0L))
                .description("Incoming messages the coordinator dropped, by reason").tag("reason", reason)
                .register(registry);
    }

    private static double metric(DashboardState s, ToDoubleFunction<RoundStatus> metric) {
        RoundStatus last = s.lastRound();
        return last == null ? Double.NaN : metric.applyAsDouble(last);
    }
}
