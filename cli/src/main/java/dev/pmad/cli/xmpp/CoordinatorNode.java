package dev.pmad.cli.xmpp;

import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.StartResult;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.time.SystemTimers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.Transport;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.XmppTransport;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A coordinator on an XMPP server: the engine, its transport and its timers, started and closed
 * together. {@code pmad coordinator} runs one per process; {@code pmad local} and the tests run
 * one in their own JVM.
 */
public final class CoordinatorNode implements AutoCloseable {
    private final XmppTransport transport;
    private final SystemTimers timers = new SystemTimers("coordinator-timers");
    private final Coordinator coordinator;
    private final BlockingQueue<RunSummary> finished = new LinkedBlockingQueue<>();

    /** Builds the node without connecting; {@code config.address()} must be the JID of {@code xmpp}. */
    public CoordinatorNode(CoordinatorConfig config, XmppSettings xmpp) {
        this(config, xmpp, UnaryOperator.identity());
    }

    /**
     * The same, with the engine talking through {@code wrap(transport)}: a decorator that watches
     * or holds payloads on their way in and out (tests, benchmarks), the XMPP connection unchanged.
     */
    public CoordinatorNode(CoordinatorConfig config, XmppSettings xmpp, UnaryOperator<Transport> wrap) {
        if (!config.address().equals(xmpp.jid())) {
            throw new IllegalArgumentException("the coordinator's address " + config.address()
                    + " is not its XMPP account " + xmpp.jid() + ": agents would not recognise its messages");
        }
        transport = new XmppTransport(xmpp);
        coordinator = new Coordinator(config, new Endpoint(wrap.apply(transport), new MessageCodec(xmpp.reassembly().maxPayloadBytes())), timers,
                RandomSources.secureRandom());
        coordinator.addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary summary) {
                finished.add(summary);
            }
        });
    }

    /** Starts the engine, then connects in the background (retrying with backoff until closed). */
    public void start() {
        coordinator.start();
        transport.start();
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public XmppTransport transport() {
        return transport;
    }

    /** The next run to finish, whoever started it; waits as long as it takes. */
    public RunSummary awaitRunFinished() throws InterruptedException {
        return finished.take();
    }

    /** The next run to finish, whoever started it; waits up to {@code limit}. */
    public RunSummary awaitRunFinished(Duration limit) throws InterruptedException, TimeoutException {
        RunSummary summary = finished.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (summary == null) throw new TimeoutException("no run finished within " + limit.toSeconds() + " s");
        return summary;
    }

    /**
     * Starts a run of {@code rounds} rounds and waits for its summary.
     *
     * @throws IllegalArgumentException if the coordinator refuses to start (the reason says why)
     * @throws IllegalStateException if the run does not end within {@code limit}
     */
    public RunSummary run(int rounds, Duration limit) throws InterruptedException {
        return run(rounds, limit, null);
    }

    /** As {@link #run(int, Duration)}, resuming the run {@code resume} holds instead when not null. */
    public RunSummary run(int rounds, Duration limit, dev.pmad.coordinator.checkpoint.RunCheckpoint resume)
            throws InterruptedException {
        finished.clear();
        StartResult started;
        try {
            started = (resume != null ? coordinator.resumeRun(resume) : coordinator.startRun(rounds)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the coordinator did not answer the start request: " + e, e);
        }
        if (!started.accepted()) throw new IllegalArgumentException(started.error());
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            RunSummary summary = finished.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (summary == null) {
                throw new IllegalStateException("run " + started.runId() + " did not finish within " + limit.toSeconds()
                        + " s; it is in " + coordinator.snapshot().phase() + " (" + coordinator.snapshot().reason() + ")");
            }
            if (summary.runId().equals(started.runId())) return summary;
        }
    }

    /** Stops the engine, disconnects and stops the timers. */
    @Override
    public void close() {
        coordinator.close(); // closes the endpoint, and with it the transport
        timers.close();
    }
}
