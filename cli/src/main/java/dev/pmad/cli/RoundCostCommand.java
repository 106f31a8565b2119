package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.Agent;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.secure.SecureAggregationSettings;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import dev.pmad.time.SystemTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.ForwardingTransport;
import dev.pmad.transport.InMemoryNetwork;
import dev.pmad.transport.Transport;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.direct.DirectSettings;
import dev.pmad.transport.xmpp.ReassemblyLimits;
import dev.pmad.transport.xmpp.XmppTransport;
import dev.pmad.transport.xmpp.prosody.LocalProsody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark behind {@code BENCHMARKS.md}: the cost of whole federated rounds, with or without
 * secure aggregation, for a model of any size. The real coordinator and agents (state machines,
 * privacy checks, secure-aggregation sessions, JSON codec) exchange every message of a round,
 * over the in-memory transport or through a local Prosody; only local training is replaced by a
 * fixed random step (no data: a model of a million weights needs no million-column CSV), so what
 * is measured is the protocol, not Tribuo. Bytes are counted at each party's {@link Transport}:
 * the encoded messages it sends and receives (over XMPP before chunking or a direct fetch, which
 * add their framing). Hidden: it measures the platform, it is not a feature.
 */
@Command(name = "round-cost", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark: seconds and bytes per agent of whole rounds, plain or secure. Prints JSON.")
final class RoundCostCommand implements Callable<Integer> {
    private static final String COORDINATOR = "coordinator";

    @Option(names = "--agents", defaultValue = "5", description = "Agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--parameters", defaultValue = "1000", description = "Model weights, even (default: ${DEFAULT-VALUE}).")
    int parameters;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Timed rounds, after one untimed round for the JIT (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--secure-aggregation", description = "Aggregate securely (default settings: threshold, 48 bits, clip 10).")
    boolean secure;

    @Option(names = "--transport", defaultValue = "memory",
            description = "memory (in-memory transport, same JSON) or xmpp (a local Prosody, TLS) (default: ${DEFAULT-VALUE}).")
    String transport;

    @Override
    public Integer call() throws Exception {
        if (agents < 2 || parameters < 4 || parameters % 2 != 0 || rounds < 1) {
            throw new IllegalArgumentException("--agents must be >= 2, --parameters even and >= 4, --rounds >= 1");
        }
        // Two classes and one numeric feature plus one categorical feature wide enough that
        // 2 x (width + 1) = parameters: the standardisation stays one column.
        int categories = parameters / 2 - 2;
        var names = new ArrayList<String>(categories);
        for (int i = 0; i < categories; i++) names.add("c" + i);
        Schema schema = new Schema("y", List.of("0", "1"), List.of(FeatureSpec.numeric("x"),
                FeatureSpec.categorical("c", names)));
        var shape = new ModelShape(2, schema.encodedWidth());
        if (shape.size() != parameters) throw new IllegalStateException("shape " + shape.size() + " != " + parameters);
        return switch (transport) {
            case "memory" -> run(schema, shape, null);
            case "xmpp" -> {
                LocalProsody.missingExecutable().ifPresent(missing -> {
                    throw new IllegalArgumentException(missing + " is not on PATH: install Prosody (apt-get install -y prosody)");
                });
                try (LocalProsody prosody = LocalProsody.builder().build()) {
                    prosody.start();
                    yield run(schema, shape, prosody);
                }
            }
            default -> throw new IllegalArgumentException("--transport must be memory or xmpp, was " + transport);
        };
    }

    private int run(Schema schema, ModelShape shape, LocalProsody prosody) throws Exception {
        var network = new InMemoryNetwork();
        List<LocalProsody.Account> accounts = null;
        if (prosody != null) {
            var users = new ArrayList<String>();
            users.add(COORDINATOR);
            for (int i = 1; i <= agents; i++) users.add("agent-" + i);
            accounts = prosody.createAccounts(users);
        }
        ReassemblyLimits limits = ReassemblyLimits.forModel(Math.max(parameters, ReassemblyLimits.DEFAULT_MAX_MODEL_PARAMETERS));
        MessageCodec codec = new MessageCodec(Math.max(MessageCodec.DEFAULT_MAX_BYTES, limits.maxPayloadBytes()));
        var transports = new ArrayList<Transport>();
        var counters = new ArrayList<Counting>();
        String coordinatorAddress = prosody == null ? COORDINATOR : accounts.get(0).jid();
        for (int i = 0; i <= agents; i++) {
            Transport t;
            if (prosody == null) {
                t = network.connect(i == 0 ? COORDINATOR : "agent-" + i);
            } else {
                var x = new XmppTransport(prosody.settingsFor(accounts.get(i)).withReassembly(limits)
                        .withDirect(new DirectSettings(prosody.host(), 0)));
                x.start();
                t = x;
            }
            transports.add(t);
            var counting = new Counting(t);
            counters.add(counting);
        }
        if (prosody != null) {
            for (Transport t : transports) {
                if (!((XmppTransport) t).awaitConnected(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("could not connect to the local Prosody: " + ((XmppTransport) t).lastFailure());
                }
            }
        }
        var config = new CoordinatorConfig(coordinatorAddress, schema.fingerprint(), shape, schema.numericCount(), agents,
                rounds + 1, CoordinatorConfig.MAX_ROUNDS, Duration.ofMinutes(30), Duration.ofMinutes(5),
                Duration.ofSeconds(5), 12, new TrainingParams(1, 0.1, 1, 42), 1.0, CoordinatorConfig.PrivacySettings.NONE,
                Strategies.parse("fedavg"), 1.0, InfluenceBound.OFF,
                secure ? new SecureAggregationSettings(true, 0, SecureAggregationSettings.DEFAULT_BITS, -1,
                        SecureAggregationSettings.DEFAULT_CLIP) : SecureAggregationSettings.OFF);
        var timers = new SystemTimers("bench-timers");
        ExecutorService loops = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        var coordinator = new Coordinator(config, new Endpoint(counters.get(0), codec), timers, RandomSources.secureRandom());
        var agentList = new ArrayList<Agent>();
        try (AgentLedgers ledgers = AgentLedgers.temporary(PrivacyMode.NONE)) {
            for (int i = 1; i <= agents; i++) {
                String id = counters.get(i).address();
                agentList.add(new Agent(ledgers.config(id, coordinatorAddress), new SteppingEngine(schema, i),
                        new Endpoint(counters.get(i), codec), timers, loops));
            }
            // Bytes at the end of each round, so that each round's traffic is the difference.
            var marks = new ArrayList<long[]>();
            var done = new CompletableFuture<RunSummary>();
            coordinator.addListener(new CoordinatorListener() {
                @Override
                public void onRoundCompleted(String runId, RoundResult result) {
                    marks.add(snapshot(counters));
                }

                @Override
                public void onRunFinished(RunSummary summary) {
                    done.complete(summary);
                }
            });
            coordinator.start();
            agentList.forEach(Agent::start);
            var started = coordinator.startRun(rounds + 1).get(5, TimeUnit.MINUTES);
            if (!started.accepted()) throw new IllegalStateException(started.error());
            RunSummary summary = done.get(60, TimeUnit.MINUTES);
            if (summary.outcome() != Outcome.COMPLETED) {
                throw new IllegalStateException("the run did not complete: " + summary.reason());
            }
            System.out.println(new ObjectMapper().writeValueAsString(result(summary, marks)));
        } finally {
            agentList.forEach(Agent::close);
            coordinator.close();
            loops.shutdownNow();
            timers.close();
        }
        return 0;
    }

    private ObjectNode result(RunSummary summary, List<long[]> marks) {
        double[] seconds = summary.rounds().stream().skip(1).mapToDouble(RoundResult::roundSeconds).sorted().toArray();
        // Marks: [coordinator sent, coordinator received, agents sent, agents received] after each round.
        long[] first = marks.get(0);
        long[] last = marks.get(marks.size() - 1);
        int timed = marks.size() - 1;
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("transport", transport);
        out.put("agents", agents);
        out.put("parameters", parameters);
        out.put("secure", secure);
        out.put("timedRounds", timed);
        out.put("medianRoundSeconds", seconds[seconds.length / 2]);
        out.put("minRoundSeconds", seconds[0]);
        out.put("maxRoundSeconds", seconds[seconds.length - 1]);
        out.put("sentBytesPerAgentPerRound", (last[2] - first[2]) / (double) timed / agents);
        out.put("receivedBytesPerAgentPerRound", (last[3] - first[3]) / (double) timed / agents);
        out.put("coordinatorSentBytesPerRound", (last[0] - first[0]) / (double) timed);
        out.put("coordinatorReceivedBytesPerRound", (last[1] - first[1]) / (double) timed);
        out.put("modelBytesAsDoubles", 8L * parameters);
        out.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        return out;
    }

    private static long[] snapshot(List<Counting> counters) {
        long[] s = {counters.get(0).sent.get(), counters.get(0).received.get(), 0, 0};
        for (int i = 1; i < counters.size(); i++) {
            s[2] += counters.get(i).sent.get();
            s[3] += counters.get(i).received.get();
        }
        return s;
    }

    /**
     * Counts the bytes of the payloads a party sends and receives: encoded messages, which are
     * JSON and so ASCII, one byte per character.
     */
    static final class Counting extends ForwardingTransport {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        Counting(Transport inner) {
            super(inner);
        }

        @Override
        public void send(String to, String payload) throws TransportException {
            inner.send(to, payload);
            sent.addAndGet(payload.length());
        }

        @Override
        protected void receive(Listener listener, String from, String payload) {
            received.addAndGet(payload.length());
            listener.onPayload(from, payload);
        }
    }

    /**
     * An agent's engine without data: "training" moves every weight by a fixed random step of L2
     * norm 1 (below the secure-aggregation clip of 10, so clipping does not bind), and evaluation
     * returns fixed counts. Everything after it (privacy checks, masking, encoding) is the real agent's.
     */
    private static final class SteppingEngine implements LocalEngine {
        private final Schema schema;
        private final int rows;
        private final long seed;

        SteppingEngine(Schema schema, int index) {
            this.schema = schema;
            this.rows = 100 + index;
            this.seed = index;
        }

        @Override
        public String kind() {
            return "bench";
        }

        @Override
        public Schema schema() {
            return schema;
        }

        @Override
        public int trainSize() {
            return rows;
        }

        @Override
        public int testSize() {
            return 10;
        }

        @Override
        public FeatureStats trainStats() {
            return new FeatureStats(Weights.of(new double[] {rows}), Weights.of(new double[] {0}),
                    Weights.of(new double[] {rows}));
        }

        @Override
        public void prepare(Standardization standardization) {}

        @Override
        public double[] train(double[] start, ModelShape shape, TrainingParams params, long roundSeed) {
            var random = new SplittableRandom(seed * 1_000_003 + roundSeed);
            double step = 1 / Math.sqrt(start.length);
            double[] w = start.clone();
            for (int i = 0; i < w.length; i++) w[i] += random.nextBoolean() ? step : -step;
            return w;
        }

        @Override
        public double[] trainDpSgd(double[] start, ModelShape shape, TrainingParams params, double clipNorm,
                                   double noiseMultiplier, RandomGenerator random) {
            throw new UnsupportedOperationException("the benchmark runs without DP");
        }

        @Override
        public double meanTrainLoss(double[] w, ModelShape shape) {
            return 0.5;
        }

        @Override
        public EvaluationCounts evaluate(double[] w, ModelShape shape) {
            return new EvaluationCounts(new long[] {5, 0, 0, 5}, 5.0, 10);
        }

        @Override
        public void close() {}
    }
}
