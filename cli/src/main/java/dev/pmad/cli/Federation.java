package dev.pmad.cli;

import dev.pmad.agent.Agent;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.cli.attack.Attack;
import dev.pmad.cli.attack.AttackingEngine;
import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.StartResult;
import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.time.SystemTimers;
import dev.pmad.time.Timers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole federation in one JVM over the in-memory transport: one coordinator and N agents, each
 * with its own loop thread, exchanging encoded JSON exactly as over XMPP.
 */
final class Federation implements AutoCloseable {
    static final String COORDINATOR = "coordinator";

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final Timers timers = new SystemTimers("pmad-timers");
    private final Coordinator coordinator;
    private final List<Agent> agents = new ArrayList<>();
    /**
     * Where every agent's loop runs: a thread per core, not per agent, as thousands of agents
     * would otherwise each hold a thread for the few moments a round keeps them busy.
     */
    private final ExecutorService agentLoops = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), new ThreadFactory() {
                private final AtomicInteger next = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "pmad-agents-" + next.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });
    private final AgentLedgers ledgers;
    private final boolean ownsLedgers;

    /** Every agent on Tribuo, with unbounded lifetime budgets in a temporary ledger directory. */
    Federation(PreparedData data, CoordinatorConfig config) {
        this(data, config, 0, Map.of(), null);
    }

    /**
     * The last {@code sparkAgents} agents on Spark (as agents 4 and 5 of five in the original),
     * the others on Tribuo; {@code environment} gives the Spark agents their SPARK_MASTER. Agents
     * keep their ledgers in {@code ledgers} (the caller's, closed by the caller), or in a temporary
     * directory of this federation's when null.
     */
    Federation(PreparedData data, CoordinatorConfig config, int sparkAgents, Map<String, String> environment,
               AgentLedgers ledgers) {
        this(data, config, sparkAgents, environment, ledgers, 0, null);
    }

    /** As above, with the last {@code attackers} agents hostile ({@code attack}); simulation only. */
    Federation(PreparedData data, CoordinatorConfig config, int sparkAgents, Map<String, String> environment,
               AgentLedgers ledgers, int attackers, Attack attack) {
        this.ownsLedgers = ledgers == null;
        this.ledgers = ledgers == null ? AgentLedgers.temporary(config.privacy().mode()) : ledgers;
        int count = data.agents().size();
        if (sparkAgents < 0 || sparkAgents > count) {
            throw new IllegalArgumentException("--spark-agents must be between 0 and --agents (" + count + "), was " + sparkAgents);
        }
        MessageCodec codec = new MessageCodec();
        coordinator = new Coordinator(config, new Endpoint(network.connect(config.address()), codec), timers,
                RandomSources.secureRandom());
        // The simulation holds every agent's test rows: the coordinator scores each round's model on
        // them itself, exactly, and no agent spends budget on releasing evaluation counts.
        coordinator.useHeldOutEvaluation(HeldOutData.union(data.schema(), data.agents()));
        Map<String, String> sparkEnvironment = AgentEngines.simulation(environment);
        try {
            for (int i = 0; i < count; i++) {
                String id = PreparedData.agentId(i);
                boolean hostile = i >= count - attackers;
                LocalData own = data.agents().get(i);
                if (hostile && attack.kind() == Attack.Kind.LABEL_FLIP) own = AttackingEngine.flipLabels(own);
                LocalEngine engine = i >= count - sparkAgents
                        ? AgentEngines.spark(own, sparkEnvironment)
                        : AgentEngines.tribuo(own);
                if (hostile) engine = AttackingEngine.wrap(engine, attack);
                agents.add(new Agent(this.ledgers.config(id, config.address()), engine,
                        new Endpoint(network.connect(id), codec), timers, agentLoops));
            }
            // The federation knows its agents: only they are read, as a service's AGENTS would say.
            var enrolled = new java.util.TreeSet<String>();
            for (int i = 0; i < count; i++) enrolled.add(PreparedData.agentId(i));
            coordinator.useEnrolment(dev.pmad.coordinator.roster.Enrolment.of(enrolled));
        } catch (RuntimeException e) {
            close(); // engines already built hold a Spark session
            throw e;
        }
    }

    static CoordinatorConfig config(PreparedData data, TrainingOptions training, PrivacyOptions privacy, long seed,
                                    Duration roundTimeout) {
        return config(data, training, privacy, seed, roundTimeout, 1);
    }

    /** With client sampling at {@code fraction}, which the default strategy depends on. */
    static CoordinatorConfig config(PreparedData data, TrainingOptions training, PrivacyOptions privacy, long seed,
                                    Duration roundTimeout, double fraction) {
        var settings = privacy.settings();
        boolean record = settings.mode() == dev.pmad.privacy.PrivacyMode.RECORD;
        var shape = new ModelShape(data.schema().classes().size(), data.schema().encodedWidth());
        int rounds = training.rounds;
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
        training.validate();
        return new CoordinatorConfig(COORDINATOR, data.schema().fingerprint(), shape, data.schema().numericCount(),
                data.agents().size(), rounds, Math.max(rounds, CoordinatorConfig.MAX_ROUNDS), roundTimeout,
                Duration.ofSeconds(60), Duration.ofSeconds(5), 12,
                new TrainingParams(training.epochs, training.learningRate, training.batchSize(record), seed),
                training.learningRateDecay, settings, training.strategy(settings.mode(), shape, fraction));
    }

    /**
     * Record-level DP with delta >= 1/n allows mechanisms that publish a whole record with
     * probability delta; refuse before anything starts, naming the smallest agent.
     */
    static void checkRecordDelta(PreparedData data, CoordinatorConfig.PrivacySettings privacy, String setting) {
        if (privacy.mode() != dev.pmad.privacy.PrivacyMode.RECORD) return;
        int smallest = data.agents().stream().mapToInt(a -> a.train().size()).min().orElse(1);
        if (privacy.delta() >= 1.0 / smallest) {
            throw new IllegalArgumentException(setting + "=" + privacy.delta() + " must be below 1/n = "
                    + String.format(java.util.Locale.ROOT, "%.3g", 1.0 / smallest) + " where n = " + smallest
                    + " is the smallest agent's training rows (record mode); lower it, e.g. to 1e-5");
        }
    }

    Coordinator coordinator() {
        return coordinator;
    }

    InMemoryNetwork network() {
        return network;
    }

    List<Agent> agents() {
        return agents;
    }

    void start() {
        coordinator.start();
        agents.forEach(Agent::start);
    }

    /** Starts a run and waits for its summary. */
    RunSummary run(int rounds, Duration limit) throws InterruptedException {
        return run(rounds, limit, null);
    }

    /** Resumes the run {@code resume} holds (null: starts a new one) and waits for its summary. */
    RunSummary run(int rounds, Duration limit, RunCheckpoint resume) throws InterruptedException {
        var finished = new CompletableFuture<RunSummary>();
        coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary summary) {
                finished.complete(summary);
            }
        });
        // Every agent's statistics go into the standardisation fixed at the first round, and with
        // --min-agents below --agents the coordinator would not wait for them all. Otherwise its
        // own registration timeout says who is missing, in the run's summary.
        StartResult started;
        try {
            if (coordinator.config().minAgents() < agents.size()) awaitEveryAgentJoined();
            // The coordinator answers in turn, after every JOIN already queued: thousands of agents
            // can keep it busy for longer than any fixed wait, so the run's own limit applies.
            started = (resume != null ? coordinator.resumeRun(resume) : coordinator.startRun(rounds))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the coordinator did not take the start of the run within "
                    + limit.toSeconds() + " s, busy with what the log above shows; on a loaded machine, a longer"
                    + " --round-timeout gives it longer");
        }
        if (!started.accepted()) throw new IllegalArgumentException(started.error());
        try {
            return finished.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the federation did not finish within " + limit.toSeconds()
                    + " s; see the log above for the phase it was stuck in");
        }
    }

    private void awaitEveryAgentJoined() throws InterruptedException, ExecutionException, TimeoutException {
        var joined = new CompletableFuture<Void>();
        coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onAgentsChanged(List<AgentView> views) {
                if (live(views) >= agents.size()) joined.complete(null);
            }
        });
        if (live(coordinator.snapshot().agents()) >= agents.size()) joined.complete(null);
        try {
            joined.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("only " + live(coordinator.snapshot().agents()) + " of " + agents.size()
                    + " agents joined within 60 s; see the log above");
        }
    }

    private static long live(List<AgentView> views) {
        return views.stream().filter(v -> !"LOST".equals(v.state())).count();
    }

    @Override
    public void close() {
        agents.forEach(Agent::close);
        coordinator.close();
        agentLoops.shutdown();
        timers.close();
        if (ownsLedgers) ledgers.close();
    }
}
