package dev.pmad.cli.xmpp;

import dev.pmad.cli.AgentLedgers;
import dev.pmad.cli.HeldOutData;
import dev.pmad.agent.LocalData;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.roster.Enrolment;
import dev.pmad.coordinator.roster.AgentView;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.time.SystemTimers;
import dev.pmad.transport.direct.DirectSettings;
import dev.pmad.transport.xmpp.ReassemblyLimits;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.XmppTransport;
import dev.pmad.transport.xmpp.prosody.LocalProsody;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A coordinator and N agents in this JVM, each with its own account on a {@link LocalProsody}
 * and its own TLS connection: the deployment's message path, on one machine. What
 * {@code pmad local} runs; the in-memory twin is {@code Federation}.
 *
 * <p>Agents are named {@code agent-1 ... agent-N} as in {@code pmad simulate}; since agents seed
 * their training by that name (without the domain), both give the same model for the same seed.
 */
public final class XmppFederation implements AutoCloseable {
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();
    private static final Duration JOIN_RETRY = Duration.ofSeconds(5);
    /** Logins in flight at once; enough to keep both ends busy (BENCHMARKS.md, 1,000 agents over XMPP). */
    static final int CONNECTING_AT_ONCE = 32;
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(60);

    private final CoordinatorNode coordinator;
    private final List<AgentNode> agents = new ArrayList<>();
    /**
     * Where every agent's loop runs: a thread per core, as in the in-memory {@code Federation}.
     * With a thread per agent, a round made a thousand threads runnable at once, each computing its
     * Newton sums, and the JIT's compiler threads got a thousandth of the cores: the sums ran
     * interpreted for most of a round, or two, depending on how far the compiler had got
     * (BENCHMARKS.md, 1,000 agents over XMPP).
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
    /** The agents' heartbeats and deadlines, on one thread instead of one each. */
    private final SystemTimers agentTimers = new SystemTimers("pmad-agent-timers");

    private XmppFederation(CoordinatorNode coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Creates the accounts on {@code prosody} (which must be running), connects the coordinator,
     * then the agents, and returns once every agent has joined.
     *
     * @param config the coordinator's settings; its address is the account name, e.g. {@code coordinator}
     * @param data   each agent's local data, in agent order
     * @param ledgers where the agents keep their lifetime privacy ledgers, and their policy
     * @throws IllegalStateException if a party does not connect or join within {@code timeout};
     *     everything started so far is closed
     */
    public static XmppFederation start(LocalProsody prosody, CoordinatorConfig config, List<LocalData> data,
                                       AgentLedgers ledgers, Duration timeout) throws InterruptedException {
        return start(prosody, config, data, ledgers, timeout, null);
    }

    /** As above, the coordinator checkpointing its runs in {@code state} (null: nowhere). */
    public static XmppFederation start(LocalProsody prosody, CoordinatorConfig config, List<LocalData> data,
                                       AgentLedgers ledgers, Duration timeout,
                                       dev.pmad.coordinator.checkpoint.StateDirectory state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var names = new ArrayList<String>();
        names.add(localName(config.address()));
        for (int i = 0; i < data.size(); i++) names.add("agent-" + (i + 1));
        List<LocalProsody.Account> accounts = prosody.createAccounts(names);
        LocalProsody.Account account = accounts.get(0);
        var federation = new XmppFederation(new CoordinatorNode(withAddress(config, account.jid()),
                settings(prosody, account, config)));
        try {
            // As in the in-memory twin: the coordinator scores each round on the union of the test splits.
            federation.coordinator.coordinator().useHeldOutEvaluation(HeldOutData.union(data.get(0).schema(), data));
            if (state != null) federation.coordinator.coordinator().useStateDirectory(state);
            // The federation made its agents' accounts: only they may join, as a service's AGENTS would say.
            federation.coordinator.coordinator().useEnrolment(Enrolment.of(accounts.subList(1, accounts.size()).stream()
                    .map(LocalProsody.Account::jid).collect(java.util.stream.Collectors.toSet())));
            federation.coordinator.start();
            // Agents JOIN as soon as they connect, and the server drops messages to an offline JID.
            await(deadline, () -> federation.coordinator.transport().isConnected(),
                    () -> "the coordinator did not connect to " + prosody.host() + ":" + prosody.c2sPort() + ": "
                            + federation.coordinator.transport().lastFailure().map(Object::toString).orElse("no failure reported")
                            + "\nProsody log:\n" + prosody.logTail(20));
            Duration heartbeat = config.heartbeatInterval();
            Duration joinRetry = heartbeat.compareTo(JOIN_RETRY) < 0 ? heartbeat : JOIN_RETRY;
            // At most CONNECTING_AT_ONCE logins in flight: started all at once, a thousand TLS handshakes queue
            // up in Prosody's single-threaded loop past Smack's 5 s reply timeout, and each retry starts over.
            ArrayDeque<AgentNode> connecting = new ArrayDeque<>();
            // One for all agents (see AgentNode), with the limit every agent's settings derive from the model.
            MessageCodec codec = new MessageCodec(settings(prosody, account, config).reassembly().maxPayloadBytes());
            for (int i = 0; i < data.size(); i++) {
                while (connecting.size() >= CONNECTING_AT_ONCE) {
                    AgentNode oldest = connecting.peekFirst();
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !oldest.transport().awaitConnected(Duration.ofNanos(left))) {
                        throw new IllegalStateException(oldest.transport().address() + " did not connect to "
                                + prosody.host() + ":" + prosody.c2sPort() + " within " + timeout.toSeconds() + " s: "
                                + oldest.transport().lastFailure().map(Object::toString).orElse("no failure reported")
                                + "\nProsody log:\n" + prosody.logTail(20));
                    }
                    connecting.removeIf(n -> n.transport().isConnected());
                }
                LocalProsody.Account agent = accounts.get(i + 1);
                var node = new AgentNode(ledgers.config(agent.jid(), account.jid(), heartbeat, joinRetry), data.get(i),
                        settings(prosody, agent, config), codec, federation.agentTimers, federation.agentLoops);
                federation.agents.add(node);
                node.start();
                connecting.addLast(node);
            }
            await(deadline, () -> federation.joined() == data.size(),
                    () -> federation.joined() + " of " + data.size() + " agents joined; not connected: "
                            + federation.agents.stream().map(AgentNode::transport).filter(t -> !t.isConnected())
                                    .map(XmppTransport::address).toList());
            return federation;
        } catch (RuntimeException | InterruptedException e) {
            federation.close();
            throw e;
        }
    }

    public CoordinatorNode coordinator() {
        return coordinator;
    }

    public List<AgentNode> agents() {
        return List.copyOf(agents);
    }

    /** Starts a run and waits for its summary; see {@link CoordinatorNode#run}. */
    public RunSummary run(int rounds, Duration limit) throws InterruptedException {
        return coordinator.run(rounds, limit);
    }

    /** As {@link #run(int, Duration)}, resuming the run {@code resume} holds instead when not null. */
    public RunSummary run(int rounds, Duration limit, dev.pmad.coordinator.checkpoint.RunCheckpoint resume)
            throws InterruptedException {
        return coordinator.run(rounds, limit, resume);
    }

    /**
     * Closes the agents, then the coordinator; the server is the caller's. The agents close
     * {@link #CONNECTING_AT_ONCE} at a time: each waits for the server to close its stream in
     * turn, a round trip through Prosody, and one after another a thousand of them took seconds.
     */
    @Override
    public void close() {
        ExecutorService closing = Executors.newFixedThreadPool(CONNECTING_AT_ONCE, r -> {
            Thread t = new Thread(r, "pmad-agent-close");
            t.setDaemon(true);
            return t;
        });
        agents.forEach(agent -> closing.execute(agent::close));
        closing.shutdown();
        try {
            // Bounded as one close is (Smack's reply timeout), whatever the number of agents.
            if (!closing.awaitTermination(CLOSE_DEADLINE.toSeconds(), TimeUnit.SECONDS)) closing.shutdownNow();
        } catch (InterruptedException e) {
            closing.shutdownNow();
            Thread.currentThread().interrupt();
        }
        agentLoops.shutdown();
        agentTimers.close();
        coordinator.close();
    }

    private int joined() {
        List<AgentView> views = coordinator.coordinator().snapshot().agents();
        return (int) views.stream().filter(v -> !"LOST".equals(v.state())).count();
    }

    /**
     * Every party on the loopback server also serves its large payloads on loopback for direct
     * fetches (as {@code XMPP_DIRECT_HOST=127.0.0.1}), and takes messages of the run's model size
     * (as {@code MAX_MODEL_PARAMETERS}; never below the default).
     */
    static XmppSettings settings(LocalProsody prosody, LocalProsody.Account account, CoordinatorConfig config) {
        int parameters = Math.max(ReassemblyLimits.DEFAULT_MAX_MODEL_PARAMETERS, config.shape().size());
        return prosody.settingsFor(account).withDirect(new DirectSettings(prosody.host(), 0))
                .withReassembly(ReassemblyLimits.forModel(parameters));
    }

    /** The same settings, at another address: the account's JID instead of the bare name. */
    static CoordinatorConfig withAddress(CoordinatorConfig c, String address) {
        return new CoordinatorConfig(address, c.schemaFingerprint(), c.shape(), c.numericFeatures(), c.minAgents(),
                c.targetRounds(), c.maxTargetRounds(), c.roundTimeout(), c.registrationTimeout(), c.heartbeatInterval(),
                c.missedHeartbeats(), c.training(), c.learningRateDecay(), c.privacy(), c.strategy(), c.fraction(),
                c.influenceBound(), c.secure());
    }

    private static String localName(String address) {
        int at = address.indexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    private static void await(long deadline, BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException(failure.get());
            if (Thread.interrupted()) throw new InterruptedException();
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
