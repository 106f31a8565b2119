package dev.pmad.coordinator;

import dev.pmad.coordinator.aggregation.AgentUpdate;
import dev.pmad.coordinator.aggregation.AggregationStrategy;
import dev.pmad.coordinator.aggregation.DistributedDpFedAvg;
import dev.pmad.coordinator.aggregation.CentralDpFedAvg;
import dev.pmad.coordinator.aggregation.FedAvg;
import dev.pmad.coordinator.aggregation.InfluenceBound;
import dev.pmad.coordinator.privacy.CentralPrivacy;
import dev.pmad.coordinator.privacy.RunPrivacy;
import dev.pmad.coordinator.aggregation.Strategies;
import dev.pmad.coordinator.aggregation.Strategy;
import dev.pmad.coordinator.aggregation.StrategyAggregation;
import dev.pmad.coordinator.aggregation.StrategyState;
import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import dev.pmad.coordinator.evaluation.HeldOutEvaluation;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.roster.AgentRecord;
import dev.pmad.coordinator.roster.Enrolment;
import dev.pmad.coordinator.roster.Quarantine;
import dev.pmad.coordinator.roster.Roster;
import dev.pmad.coordinator.run.AgentFailure;
import dev.pmad.coordinator.run.BoundedUpdate;
import dev.pmad.coordinator.run.FailureSummary;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.sampling.ClientSampling;
import dev.pmad.coordinator.secure.SecureAggregationSettings;
import dev.pmad.coordinator.secure.SecureRound;
import dev.pmad.secagg.DistributedDp;
import dev.pmad.secagg.SecAggException;
import dev.pmad.protocol.SecAggKeys;
import dev.pmad.protocol.SecAggMasked;
import dev.pmad.protocol.SecAggShares;
import dev.pmad.protocol.SecAggUnmaskReply;
import dev.pmad.protocol.SecureAggregation;
import dev.pmad.loop.EventLoop;
import dev.pmad.privacy.mechanism.GaussianMechanism;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.GlobalModel;
import dev.pmad.protocol.Heartbeat;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Stop;
import dev.pmad.protocol.Weights;
import dev.pmad.time.Timers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The federation's coordinator.
 *
 * <p><b>Threading.</b> One loop thread owns the phase, the roster and the run; transport
 * listeners, timers, the dashboard and the CLI only {@link #submit} events (or call the
 * request methods, which submit). Readers get an immutable {@link CoordinatorSnapshot}. No locks
 * guard the state because nothing else touches it.
 *
 * <p><b>Cost per event.</b> With thousands of agents a round is thousands of events, so no event
 * may cost a pass over every agent (that made a round quadratic in agents). The snapshot is
 * republished on every phase change and at the end of each burst of events (when the queue
 * drains), or at the latest every {@link #PUBLISH_INTERVAL} while a burst goes on; listeners hear
 * {@code onAgentsChanged} with the same coalescing, always before the next phase change. The
 * roster's views are incremental ({@link Roster#views}) and it counts its live agents, so the
 * passes over every agent left are a few per round and one per heartbeat interval.
 *
 * <p><b>Round lifecycle.</b> A started run waits in REGISTERING for MIN_AGENTS live agents,
 * fixes the global standardisation from their statistics, then for each round: ROUND_START
 * (the global model to the live agents drawn for the round, all of them unless FRACTION_FIT is
 * below 1: {@link ClientSampling}), TRAINING (until every selected agent reported, or at the
 * round timeout if the round's quorum of updates arrived), AGGREGATING (the strategy, summing
 * in agent-id order), EVALUATING (every live agent scores the new model; combined at the end or
 * at the timeout), then the next round or COMPLETED.
 *
 * <p><b>Failure handling.</b> Failures are data: agents that time out, are lost (no heartbeat for
 * MISSED_HEARTBEATS intervals), restart mid-round (a JOIN with a new incarnation) or report an
 * error are listed in the round's failures and no longer awaited; agents a sampled round did not
 * draw are neither awaited nor failures. A JOIN with the incarnation already held is the agent
 * re-sending it while our acknowledgement was on its way: it gets the same acknowledgement again
 * and changes nothing. A round that cannot reach MIN_AGENTS updates (in central mode with client
 * sampling a round needs none: {@link ClientSampling.SecretPoisson}), a quorum that never forms,
 * or an agent refusing for lack of privacy budget ends the run FAILED with the reason; nothing
 * retries forever. Invalid, late, duplicate and unknown-sender messages are
 * dropped and counted by reason.
 *
 * <p><b>Own outages.</b> While the coordinator itself is cut off from the XMPP server, no agent
 * can reach it, so nothing is blamed on them: liveness and round deadlines wait. Requests it
 * could not send then, and answers agents may have sent into the outage, are redone on
 * reconnection: every agent still awaited gets a grace period to be heard from, then the exact
 * request of the round (ROUND_START or EVALUATE) again, which it answers as before, with the
 * same bytes if it had answered already. The round's deadline starts again. An outage longer
 * than the phase's timeout ends the run FAILED, saying it was the coordinator's.
 *
 * <p><b>Enrolment and hostile traffic.</b> Only agents the {@link Enrolment} admits are read at
 * all: anything else is dropped by the transport before reassembly or decoding, counted as
 * {@code not-enrolled}, logged at most once per sender per {@link #QUIET_INTERVAL} and answered
 * once (a JOIN_ACK refusal), off the loop thread except for that one answer. Every other rejection
 * is counted too, and logged and shown at most once per sender per interval. An agent that keeps
 * costing rounds sits out for a while ({@link Quarantine}).
 *
 * <p><b>Checkpoints.</b> With a {@link StateDirectory}, the loop writes the whole run state
 * ({@link RunCheckpoint}) after each completed round, before anyone hears of the round, and
 * marks it ended when the run ends. {@link #resumeRun} continues a checkpointed run under its
 * own id: it waits for the quorum again, keeps the run's standardisation, strategy state and
 * accountant, and goes on at the next round.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    /** The most extra time agents get to reappear after the coordinator's own outage. */
    private static final Duration MAX_RECONNECT_GRACE = Duration.ofMinutes(2);

    sealed interface Event permits Incoming, Rejected, StartRequested, ResumeRequested, StopRequested, Deadline,
            SecureDeadline, LivenessTick, ConnectionChanged, StrangerRefused {}

    /** The end of a secure round's step after the keys (see {@link SecureRound.Step}). */
    record SecureDeadline(String runId, int round, SecureRound.Step step) implements Event {}

    /** A sender that is not enrolled was heard from for the first time: it gets its one answer. */
    record StrangerRefused(String from) implements Event {}

    /** At most one log line and one dashboard event per sender per this interval, about rejected traffic. */
    static final Duration QUIET_INTERVAL = Duration.ofMinutes(1);
    /** The longest a burst of events keeps the snapshot unpublished, on the timers' clock. */
    static final Duration PUBLISH_INTERVAL = Duration.ofMillis(100);
    /** Senders remembered for that; beyond it the least recently heard are forgotten. */
    private static final int REMEMBERED_SENDERS = 10_000;

    record Incoming(Message message) implements Event {}

    record Rejected(String from, String reason, String detail) implements Event {}

    /** {@code strategy} null: the configured one. */
    record StartRequested(int targetRounds, Strategy strategy, CompletableFuture<StartResult> reply) implements Event {}

    record ResumeRequested(RunCheckpoint checkpoint, CompletableFuture<StartResult> reply) implements Event {}

    record StopRequested(String reason, CompletableFuture<StartResult> reply) implements Event {}

    record Deadline(String runId, int round, Phase phase) implements Event {}

    record LivenessTick() implements Event {}

    /**
     * The coordinator's own connection to the server went down or came back, at {@code atMillis}
     * on the timers' clock (when the transport said so, not when the loop got to it).
     */
    record ConnectionChanged(boolean up, long atMillis) implements Event {}

    private final CoordinatorConfig config;
    private final Endpoint endpoint;
    private final Timers timers;
    /** The coordinator's secret randomness: central-mode noise and the draw of each round's agents. */
    private final RandomGenerator noiseSource;
    private final ClientSampling sampling;
    private final List<CoordinatorListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final EventLoop<Event> loop;
    private volatile CoordinatorSnapshot snapshot;
    /** Lines about single agents, summarised once per round when there are many (loop thread only). */
    private final RoundLog roundLog = new RoundLog(log);
    /** When the snapshot was last published, on the timers' clock (loop thread only). */
    private long publishedAtMillis;
    /** The roster changed since listeners last heard {@code onAgentsChanged} (loop thread only). */
    private boolean agentsChangedPending;

    // Owned by the loop thread.
    private Phase phase = Phase.IDLE;
    private String phaseReason = "";
    private final Roster roster = new Roster();
    private RunState run;
    private RunSummary lastRun;
    private Timers.Cancellable deadline;
    private String lastSendFailure = "";
    /** The coordinator's own connection is down (loop thread only). */
    private boolean offline;
    /** When {@link #offline} began, on {@link #timers}' clock (loop thread only). */
    private long offlineSinceMillis;
    /** Set before {@link #start}; read by the loop. */
    private volatile HeldOutEvaluation heldOut;
    /** Where runs are checkpointed, or null; set before {@link #start}, written by the loop only. */
    private volatile StateDirectory stateDirectory;
    /** Who may join; set before {@link #start}, read by transport threads. */
    private volatile Enrolment enrolment = Enrolment.ANYONE;
    /** Set before {@link #start}; read by the loop. */
    private volatile Quarantine quarantine = Quarantine.DEFAULT;

    /** Senders that are not enrolled: logged once per interval, answered once. Thread-safe. */
    private final SenderLimiter strangers;
    /** Other rejected traffic, per sender: logged and shown once per interval (loop thread). */
    private final SenderLimiter rejections;
    /** REJOIN answers to enrolled senders the roster does not know, per sender (loop thread). */
    private final SenderLimiter rejoins;
    /** Errors agents report, shown per agent (loop thread); each still counts in its round. */
    private final SenderLimiter errorReports;

    public Coordinator(CoordinatorConfig config, Endpoint endpoint, Timers timers, RandomGenerator noiseSource) {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.noiseSource = Objects.requireNonNull(noiseSource, "noiseSource");
        this.sampling = config.sampling();
        this.strangers = new SenderLimiter(timers::nowMillis, QUIET_INTERVAL.toMillis(), REMEMBERED_SENDERS);
        this.rejections = new SenderLimiter(timers::nowMillis, QUIET_INTERVAL.toMillis(), REMEMBERED_SENDERS);
        this.rejoins = new SenderLimiter(timers::nowMillis, QUIET_INTERVAL.toMillis(), REMEMBERED_SENDERS);
        this.errorReports = new SenderLimiter(timers::nowMillis, QUIET_INTERVAL.toMillis(), REMEMBERED_SENDERS);
        this.loop = new EventLoop<>("coordinator", new EventLoop.Handler<>() {
            @Override
            public void handle(Event event) {
                Coordinator.this.handle(event);
            }

            @Override
            public void failed(Event event, RuntimeException e) {
                log.error("coordinator: error while handling {}", event.getClass().getSimpleName(), e);
                if (run != null && phase.running()) fail("internal error: " + e);
            }

            @Override
            public void afterEach() {
                // A long burst still shows progress, at a bounded rate.
                if (timers.nowMillis() - publishedAtMillis >= PUBLISH_INTERVAL.toMillis()) flush();
            }

            @Override
            public void drained() {
                flush();
            }
        });
        publish();
    }

    public void addListener(CoordinatorListener listener) {
        listeners.add(listener);
    }

    /**
     * Scores every round's model on held-out data the coordinator holds, instead of asking the
     * agents to evaluate it (see {@link HeldOutEvaluation}). Call before {@link #start}.
     */
    public void useHeldOutEvaluation(HeldOutEvaluation evaluation) {
        this.heldOut = Objects.requireNonNull(evaluation, "evaluation");
    }

    /**
     * Checkpoints every run in {@code directory} after each completed round (see {@link
     * RunCheckpoint}). Call before {@link #start}.
     */
    public void useStateDirectory(StateDirectory directory) {
        this.stateDirectory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Reads only agents {@code enrolment} admits (default: {@link Enrolment#ANYONE}, for
     * in-process federations and tests; {@code pmad coordinator} refuses to start without a
     * choice). Call before {@link #start}.
     */
    public void useEnrolment(Enrolment enrolment) {
        this.enrolment = Objects.requireNonNull(enrolment, "enrolment");
    }

    /** When agents that keep costing rounds sit out (default {@link Quarantine#DEFAULT}). Call before {@link #start}. */
    public void useQuarantine(Quarantine quarantine) {
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    }

    /** Connects to the transport and starts the loop. */
    public void start() {
        endpoint.setListener(new Endpoint.Listener() {
            @Override
            public void onMessage(Message message) {
                submit(new Incoming(message));
            }

            @Override
            public boolean admits(String from) {
                return enrolment.admits(from);
            }

            @Override
            public void onRejected(String from, String reason, String detail) {
                if (Endpoint.NOT_ADMITTED.equals(reason)) onStranger(from);
                else submit(new Rejected(from, reason, detail));
            }

            @Override
            public void onConnectionChanged(boolean connected) {
                submit(new ConnectionChanged(connected, timers.nowMillis()));
            }
        });
        timers.every(config.heartbeatInterval(), () -> submit(new LivenessTick()));
        loop.start();
    }

    /** Thread-safe: the only way in for transport listeners, timers and controllers. */
    void submit(Event event) {
        loop.submit(event);
    }

    /** Asks for a new run of {@code targetRounds} rounds; completes once the loop decided. */
    public CompletableFuture<StartResult> startRun(int targetRounds) {
        return startRun(targetRounds, null);
    }

    /**
     * Asks for a new run of {@code targetRounds} rounds aggregated by {@code strategy} (null: the
     * configured {@link CoordinatorConfig#strategy()}); completes once the loop decided. A
     * strategy this coordinator cannot run (too few MIN_AGENTS for it, the wrong privacy mode, a
     * model too large) is refused as {@link StartResult.Kind#INVALID} with the reason. The next
     * run goes back to the configured strategy unless it asks for another.
     */
    public CompletableFuture<StartResult> startRun(int targetRounds, Strategy strategy) {
        var reply = new CompletableFuture<StartResult>();
        submit(new StartRequested(targetRounds, strategy, reply));
        return reply;
    }

    /**
     * Asks to continue the run {@code checkpoint} holds, under its own id, at its next round, once
     * MIN_AGENTS agents have joined; completes once the loop decided. A checkpoint of another
     * schema or privacy, or of a run that ended, is refused as {@link StartResult.Kind#INVALID}.
     */
    public CompletableFuture<StartResult> resumeRun(RunCheckpoint checkpoint) {
        var reply = new CompletableFuture<StartResult>();
        submit(new ResumeRequested(Objects.requireNonNull(checkpoint, "checkpoint"), reply));
        return reply;
    }

    /** Asks the running run to stop; completes once the loop decided. */
    public CompletableFuture<StartResult> stopRun(String reason) {
        var reply = new CompletableFuture<StartResult>();
        submit(new StopRequested(reason, reply));
        return reply;
    }

    public CoordinatorSnapshot snapshot() {
        return snapshot;
    }

    public CoordinatorConfig config() {
        return config;
    }

    /**
     * Rejected incoming messages by reason (not-enrolled, malformed, unknown-sender, late,
     * duplicate, ...), with what the transport dropped before decoding (chunk-set-dropped, ...).
     */
    public Map<String, Long> rejectedCounts() {
        var counts = new TreeMap<String, Long>();
        rejected.forEach((k, v) -> counts.put(k, v.get()));
        endpoint.transportDrops().forEach((k, v) -> {
            if (v > 0) counts.merge(k, v, Long::sum);
        });
        return counts;
    }

    @Override
    public void close() {
        loop.stop();
        endpoint.close();
    }

    private void handle(Event event) {
        if (event instanceof Incoming e) onMessage(e.message());
        else if (event instanceof Rejected e) reject(e.from(), e.reason(), e.detail());
        else if (event instanceof StartRequested e) e.reply().complete(onStart(e.targetRounds(), e.strategy()));
        else if (event instanceof ResumeRequested e) e.reply().complete(onResume(e.checkpoint()));
        else if (event instanceof StopRequested e) e.reply().complete(onStop(e.reason()));
        else if (event instanceof Deadline e) onDeadline(e);
        else if (event instanceof SecureDeadline e) onSecureDeadline(e);
        else if (event instanceof LivenessTick) onLivenessTick();
        else if (event instanceof ConnectionChanged e) onConnectionChanged(e.up(), e.atMillis());
        else if (event instanceof StrangerRefused e) onStrangerRefused(e.from());
        else throw new IllegalStateException("Unhandled event: " + event);
    }

    // ---- incoming messages -------------------------------------------------------------------

    /**
     * On a transport thread, before anything is decoded: a sender that is not enrolled costs a
     * counter, at most one log line per interval and, the first time, one event on the loop.
     */
    private void onStranger(String from) {
        rejected.computeIfAbsent(Endpoint.NOT_ADMITTED, r -> new AtomicLong()).incrementAndGet();
        SenderLimiter.Decision d = strangers.next(from);
        if (d.firstEver()) {
            log.warn("refused {}: not enrolled (not in AGENTS/AGENTS_FILE); it gets one refusal, and its messages are"
                    + " dropped unread, counted as not-enrolled in /metrics and logged at most once per {}", from,
                    human(QUIET_INTERVAL));
            submit(new StrangerRefused(from));
        } else if (d.log()) {
            log.warn("refused {} more messages from {} in the last {}: not enrolled", d.suppressedBefore() + 1, from,
                    human(QUIET_INTERVAL));
        }
    }

    private void onStrangerRefused(String from) {
        String message = "refused " + from + ": not enrolled in this federation";
        send(from, new JoinAck("", 0, config.address(), false, "not enrolled: " + from + " is not in this coordinator's"
                + " allow-list of agents; ask its operator to add it to AGENTS (or AGENTS_FILE)"));
        for (CoordinatorListener l : listeners) safely(() -> l.onEvent("warn", message));
    }

    private void onMessage(Message message) {
        long now = timers.nowMillis();
        String from = message.sender();
        if (message instanceof Join join) {
            onJoin(join);
            return;
        }
        if (!roster.knows(from)) {
            reject(from, "unknown-sender", message.type() + " from an agent that has not joined");
            // A restarted coordinator forgets its agents; this tells them to JOIN again. Once per
            // sender per interval: an agent told once re-sends JOIN by itself until acknowledged.
            if (!rejoins.next(from).log()) return;
            send(from, new JoinAck("", 0, config.address(), false, JoinAck.REJOIN + ": this coordinator does not know "
                    + from + " (it may have restarted); send JOIN"));
            return;
        }
        roster.seen(from, message instanceof Heartbeat h ? h.state() : null, now);
        if (message instanceof Heartbeat) { /* liveness only */ }
        else if (message instanceof ModelUpdate update) onUpdate(update);
        else if (message instanceof SecAggKeys || message instanceof SecAggShares || message instanceof SecAggMasked
                || message instanceof SecAggUnmaskReply) onSecureMessage(message);
        else if (message instanceof EvalResult result) onEvalResult(result);
        else if (message instanceof ErrorMessage error) onAgentError(error);
        else reject(from, "unexpected-type", message.type() + " is not sent by agents");
        // After the message: if it was the awaited answer, nothing is owed any more.
        resendIfOwed(from, message);
    }

    private void onJoin(Join join) {
        String id = join.sender();
        String refusal = null;
        if (!join.schemaFingerprint().equals(config.schemaFingerprint())) {
            refusal = "schema mismatch: the agent's schema fingerprint " + abbreviate(join.schemaFingerprint())
                    + " differs from the coordinator's " + abbreviate(config.schemaFingerprint())
                    + "; give every party the same schema file";
        } else if (join.stats().features() != config.numericFeatures()) {
            refusal = "statistics for " + join.stats().features() + " numeric features, expected " + config.numericFeatures();
        }
        if (refusal != null) {
            reject(id, "join-refused", refusal);
            send(id, new JoinAck("", 0, config.address(), false, refusal));
            return;
        }
        long now = timers.nowMillis();
        Roster.Arrival arrival = roster.join(join, now);
        if (arrival == Roster.Arrival.RESEND) {
            // Sent again because our acknowledgement had not reached the agent yet (we were slow,
            // or it was lost): the same answer again, and nothing else changes.
            roster.seen(id, null, now);
            send(id, roster.get(id).acknowledgement());
            roundLog.log(Level.INFO, "JOINs re-sent before their acknowledgement arrived (acknowledged again)",
                    "agent " + id + " re-sent its JOIN before our acknowledgement reached it; acknowledged again");
            return;
        }
        if (arrival == Roster.Arrival.FIRST) {
            agentEvent(Level.INFO, "agents joined", "agent joined: " + id + " (" + join.trainerKind() + ", "
                    + join.trainSamples() + " training rows)");
        } else {
            agentEvent(Level.INFO, "agents restarted and rejoined", "agent restarted and rejoined: " + id + " ("
                    + join.trainerKind() + ", " + join.trainSamples() + " training rows)");
        }
        var ack = new JoinAck(run == null ? "" : run.runId, 0, config.address(), true, "welcome");
        roster.get(id).acknowledged(ack);
        send(id, ack);
        if (run != null) {
            // A restarted agent lost its round: stop waiting for it; it takes part from the next round.
            if (phase == Phase.TRAINING && (run.awaiting.remove(id) | run.optional.remove(id) | secureDrop(id))) {
                run.failures.put(id, new AgentFailure(id, "restarted and rejoined during the round"));
                checkTrainingComplete();
                checkSecureStep();
            } else if (phase == Phase.EVALUATING && run.awaitingEvaluation.remove(id)) {
                checkEvaluationComplete();
            }
        }
        if (phase == Phase.REGISTERING) checkQuorum();
        agentsChanged();
    }

    private void onUpdate(ModelUpdate update) {
        String id = update.sender();
        if (run == null || !update.runId().equals(run.runId)) {
            reject(id, "stale-run", "update for run '" + update.runId() + "', current run is " + currentRunId());
            return;
        }
        if (phase != Phase.TRAINING || update.round() != run.round) {
            countRoundRejection(id, "late", "update for round " + update.round() + " arrived in " + phase
                    + " of round " + run.round);
            return;
        }
        if (run.updates.containsKey(id)) {
            countRoundRejection(id, "duplicate", "second update for round " + update.round());
            return;
        }
        if (!run.awaiting.contains(id) && !run.optional.contains(id)) {
            countRoundRejection(id, "not-awaited", "update from an agent not awaited in round " + run.round);
            return;
        }
        if (update.delta().size() != config.shape().size()) {
            rejectUpdate(id, "wrong-dimensions", "delta has " + update.delta().size() + " values, the model has "
                    + config.shape().size());
            return;
        }
        if (update.gradient().size() != 0 && update.gradient().size() != config.shape().size()) {
            rejectUpdate(id, "wrong-dimensions", "gradient has " + update.gradient().size() + " values, the model has "
                    + config.shape().size());
            return;
        }
        // FedAvg weight: never more than the agent announced when it joined.
        int samples = Math.min(update.samples(), roster.get(id).trainSamples());
        run.updates.put(id, new AgentUpdate(id, update.delta(), samples, update.trainLoss(), update.epsilonSpent(),
                update.trainSeconds(), update.gradient(), update.curvature(), update.control(), update.unclipped()));
        run.awaiting.remove(id);
        run.optional.remove(id);
        roster.delivered(id);
        checkTrainingComplete();
    }

    /**
     * An awaited agent's update that cannot be used: its round has failed, so the round stops
     * waiting for it rather than time out, and it counts towards quarantine.
     */
    private void rejectUpdate(String id, String reason, String detail) {
        countRoundRejection(id, reason, detail);
        run.awaiting.remove(id);
        run.optional.remove(id);
        run.failures.put(id, new AgentFailure(id, "update rejected (" + reason + "): " + detail));
        strike(id, Quarantine.Strike.FAILED);
        checkTrainingComplete();
    }

    private void onEvalResult(EvalResult result) {
        String id = result.sender();
        int classes = config.shape().classes();
        if (run == null || !result.runId().equals(run.runId) || phase != Phase.EVALUATING || result.round() != run.round) {
            reject(id, "late", "evaluation for run " + result.runId() + " round " + result.round() + " arrived in " + phase);
            return;
        }
        if (!run.awaitingEvaluation.contains(id)) {
            reject(id, "duplicate", "evaluation not awaited from " + id);
            return;
        }
        if (result.confusion().size() != classes * classes) {
            reject(id, "wrong-dimensions", "confusion matrix has " + result.confusion().size() + " cells, expected "
                    + classes * classes);
            return;
        }
        run.evaluations.put(id, result);
        run.awaitingEvaluation.remove(id);
        checkEvaluationComplete();
    }

    private void onAgentError(ErrorMessage error) {
        String id = error.sender();
        // Shown once per agent per interval: an agent could send errors as fast as the server relays them.
        if (errorReports.next(id).log()) {
            agentEvent(Level.WARN, "agents reported an error", "agent " + id + " reports " + error.code() + ": "
                    + truncate(error.detail()));
        }
        if (run == null || !error.runId().equals(run.runId) || !phase.running()) return;
        if (ErrorMessage.BUDGET_EXHAUSTED.equals(error.code())) {
            fail("privacy budget exhausted at agent " + id + " before round " + error.round() + ": " + error.detail());
            return;
        }
        if (ErrorMessage.POLICY_REFUSED.equals(error.code())) {
            // The agent's owner does not allow this run: it will not take part, so say why rather
            // than wait for its rounds to time out.
            fail("agent " + id + " refuses round " + error.round() + " under its owner's privacy policy: " + error.detail());
            return;
        }
        if (phase == Phase.TRAINING && (run.awaiting.remove(id) | run.optional.remove(id) | secureDrop(id))) {
            run.failures.put(id, new AgentFailure(id, error.code() + ": " + error.detail()));
            strike(id, Quarantine.Strike.FAILED);
            checkTrainingComplete();
            checkSecureStep();
        } else if (phase == Phase.EVALUATING && run.awaitingEvaluation.remove(id)) {
            checkEvaluationComplete();
        }
    }

    // ---- control -----------------------------------------------------------------------------

    private StartResult onStart(int targetRounds, Strategy requested) {
        if (phase.running()) {
            return StartResult.conflict("a run is already in progress (" + phase + "); stop it first");
        }
        if (targetRounds < 1 || targetRounds > config.maxTargetRounds()) {
            return StartResult.invalid("targetRounds must be between 1 and " + config.maxTargetRounds() + ", was " + targetRounds);
        }
        Strategy chosen = requested != null ? requested : config.strategy();
        String refusal = config.strategyRefusal(chosen);
        if (refusal != null) return StartResult.invalid(refusal);
        var settings = config.privacy();
        RunPrivacy privacy;
        try {
            privacy = RunPrivacy.plan(settings, chosen, targetRounds, config.training(), sampling.accountedRate(), noiseSource);
        } catch (IllegalArgumentException e) {
            return StartResult.invalid("cannot calibrate noise for DP_EPSILON=" + settings.epsilon() + " over "
                    + targetRounds + " rounds: " + e.getMessage());
        }
        String runId = newRunId();
        roundLog.summarise("before run " + runId);
        roster.clearQuarantine();
        run = new RunState(runId, targetRounds, Instant.now(), chosen, privacy);
        RunState started = run;
        double noiseMultiplier = privacy.noiseMultiplier();
        run.strategy = privacy instanceof CentralPrivacy central ? centralAggregation(central, started, chosen)
                : chosen.name().equals("fedavg") ? new FedAvg() // today's bits, unchanged
                : new StrategyAggregation(chosen, config.shape().size(), () -> started.global);
        run.global = new double[config.shape().size()];
        RunStrategy recorded = run.recordedStrategy();
        for (CoordinatorListener l : listeners) safely(() -> l.onRunStarted(runId, targetRounds, recorded));
        moveTo(Phase.REGISTERING, "waiting for " + config.minAgents() + " agents");
        event("info", "run " + runId + " started: " + targetRounds + " rounds, strategy " + describe(recorded)
                + ", privacy " + privacy.mode().wireName()
                + (noiseMultiplier > 0 ? String.format(" (noise multiplier %.4f)", noiseMultiplier) : "")
                + (privacy instanceof CentralPrivacy c && c.adaptive() ? String.format(", clip norm adaptive towards"
                        + " quantile %s of the update norms from %s (sum noised at %.4f, unclipped count at stddev %.4f)",
                        settings.adaptive().quantile(), settings.clipNorm(), c.sumNoiseMultiplier(), c.countNoiseStddev()) : "")
                + (sampling.fraction() < 1 ? ", each agent drawn into a round with probability " + sampling.fraction() : ""));
        scheduleDeadline(Phase.REGISTERING, config.registrationTimeout());
        checkQuorum();
        return StartResult.accepted(runId);
    }

    private StartResult onResume(RunCheckpoint c) {
        if (phase.running()) {
            return StartResult.conflict("a run is already in progress (" + phase + "); stop it first");
        }
        String refusal = !c.unfinished() ? "run " + c.runId() + " ended " + c.outcome() + "; there is nothing to resume"
                : c.round() >= c.targetRounds() ? "run " + c.runId() + " has done all its " + c.targetRounds() + " rounds"
                : !c.schemaFingerprint().equals(config.schemaFingerprint()) || !c.shape().equals(config.shape())
                        ? "run " + c.runId() + " was trained on another schema (" + abbreviate(c.schemaFingerprint())
                                + ", " + c.shape() + "); give the coordinator the run's schema file"
                : !c.privacy().settings().equals(config.privacy())
                        ? "run " + c.runId() + " was started with privacy " + c.privacy().settings()
                                + ", this coordinator is configured for " + config.privacy() + "; a run keeps its privacy"
                : null;
        if (refusal != null) return StartResult.invalid(refusal);
        Strategy chosen;
        try {
            var options = new LinkedHashMap<String, String>();
            c.strategy().options().forEach((k, v) -> options.put(k, v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString(v.longValue()) : Double.toString(v)));
            chosen = Strategies.parse(c.strategy().name(), options);
        } catch (IllegalArgumentException e) {
            return StartResult.invalid("run " + c.runId() + "'s strategy cannot be rebuilt: " + e.getMessage());
        }
        String secureRefusal = config.strategyRefusal(chosen);
        if (secureRefusal != null) return StartResult.invalid(secureRefusal);
        RunPrivacy privacy = RunPrivacy.restore(c.privacy(), config.training(), noiseSource);
        roundLog.summarise("before resuming run " + c.runId());
        roster.clearQuarantine();
        run = new RunState(c.runId(), c.targetRounds(), c.startedAt(), chosen, privacy);
        RunState resumed = run;
        run.resumedFromRound = c.round();
        run.round = c.round();
        run.results.addAll(c.results());
        run.global = c.global().toArray();
        run.epsilonSpent = c.epsilonSpent();
        run.standardization = c.standardization();
        run.quorumTrainSamples = c.trainSamples();
        run.quorumAgents = c.quorumAgents();
        if (privacy instanceof CentralPrivacy central) {
            run.strategy = centralAggregation(central, resumed, chosen);
        } else if (chosen.name().equals("fedavg")) {
            run.strategy = new FedAvg();
        } else {
            var context = new Strategy.RunContext(config.shape(), c.trainSamples(), c.quorumAgents(), privacy.mode(),
                    privacy.settings().clipNorm(), privacy.noiseMultiplier());
            try {
                run.strategy = new StrategyAggregation(chosen.forRun(context), () -> resumed.global, c.strategyState());
            } catch (IllegalArgumentException e) {
                run = null;
                return StartResult.invalid("strategy " + chosen.name() + " cannot resume: " + e.getMessage());
            }
        }
        RunStrategy recorded = run.recordedStrategy();
        for (CoordinatorListener l : listeners) {
            safely(() -> l.onRunResumed(resumed.runId, resumed.targetRounds, recorded, c.round(), c.startedAt()));
        }
        moveTo(Phase.REGISTERING, "resuming after round " + c.round() + ": waiting for " + config.minAgents() + " agents");
        event("info", "run " + c.runId() + " resumed after round " + c.round() + " of " + c.targetRounds()
                + ": strategy " + describe(recorded) + ", privacy " + privacy.mode().wireName()
                + ", epsilon spent so far " + fmt(c.epsilonSpent()));
        scheduleDeadline(Phase.REGISTERING, config.registrationTimeout());
        checkQuorum();
        return StartResult.accepted(c.runId());
    }

    private StartResult onStop(String reason) {
        if (!phase.running() || run == null) {
            return StartResult.conflict("no run in progress (" + phase + ")");
        }
        String id = run.runId;
        moveTo(Phase.STOPPING, reason);
        broadcastStop(reason);
        finish(Outcome.STOPPED, Phase.STOPPED, reason);
        return StartResult.accepted(id);
    }

    // ---- round lifecycle ---------------------------------------------------------------------

    private void checkQuorum() {
        // Called on every JOIN while registering: counting live agents must not be a pass over them.
        if (roster.activeCount() < config.minAgents()) return;
        List<AgentRecord> active = roster.active();
        RunPrivacy privacy = run.privacy;
        String problem = privacy.quorumProblem(active);
        if (problem != null) {
            fail(problem);
            return;
        }
        if (run.resumedFromRound > 0) {
            // The run's standardisation, strategy binding and state come from its checkpoint:
            // recomputing them from whoever rejoined would change the model under the run.
            roundLog.summarise("registration");
            startRound(run.round + 1);
            return;
        }
        run.standardization = Standardization.combine(active.stream().map(AgentRecord::stats).toList());
        run.quorumTrainSamples = active.stream().mapToLong(AgentRecord::trainSamples).sum();
        run.quorumAgents = active.size();
        if (run.strategy instanceof StrategyAggregation delta) {
            // Bound to the run now that its agents and their row counts are known (federated Newton's
            // penalty and noise bound need them; other strategies ignore it).
            RunState started = run;
            var context = new Strategy.RunContext(config.shape(),
                    active.stream().mapToLong(AgentRecord::trainSamples).sum(), active.size(), privacy.mode(),
                    privacy.settings().clipNorm(), privacy.noiseMultiplier());
            try {
                run.strategy = new StrategyAggregation(delta.strategy().forRun(context), config.shape().size(),
                        () -> started.global);
            } catch (IllegalArgumentException e) {
                fail("strategy " + delta.name() + " cannot run: " + e.getMessage());
                return;
            }
        }
        roundLog.summarise("registration");
        startRound(1);
    }

    private void startRound(int number) {
        moveTo(Phase.ROUND_START, "round " + number);
        List<AgentRecord> active = roster.active();
        if (active.size() < config.minAgents()) {
            fail("round " + number + ": only " + active.size() + " live agents, MIN_AGENTS is " + config.minAgents());
            return;
        }
        run.beginRound(number);
        run.clipNorm = run.privacy.clipNorm();
        List<String> candidates = candidates(number, active);
        List<String> drawn = sampling.draw(candidates, noiseSource);
        if (sampling instanceof ClientSampling.SecretPoisson secret) {
            run.expectedParticipants = secret.expectedParticipants(active.size());
        }
        SecureAggregation secureRound = SecureAggregation.OFF;
        SecureAggregationSettings secure = config.secure();
        if (secure.enabled()) {
            int maxSamples = drawn.stream().mapToInt(id -> roster.get(id).trainSamples()).max().orElse(1);
            try {
                if (config.distributedDp()) {
                    // Distributed DP: agents clip to DP_CLIP_NORM, sum unweighted, and noise for the threshold.
                    secureRound = SecureRound.plan(secure, drawn, 1, run.clipNorm);
                    DistributedDp dp = DistributedDp.of(run.clipNorm, run.privacy.noiseMultiplier(), secureRound.threshold(),
                            drawn.size(), config.shape().size(), secureRound.bits());
                    run.secureRound = new SecureRound(run.runId, number, config.address(), secureRound,
                            config.shape().size(), dp);
                } else {
                    secureRound = SecureRound.plan(secure, drawn, Math.max(1, maxSamples));
                    run.secureRound = new SecureRound(run.runId, number, config.address(), secureRound,
                            config.shape().size());
                }
            } catch (IllegalArgumentException e) {
                fail("round " + number + ": cannot aggregate securely: " + e.getMessage());
                return;
            }
        }
        // The deadline exists before any agent can answer, so no answer can race it.
        scheduleDeadline(Phase.TRAINING, config.roundTimeout());
        Weights global = Weights.of(run.global);
        for (String id : drawn) {
            AgentRecord agent = roster.get(id);
            PrivacyParams privacy = run.privacy.paramsFor(agent, run.targetRounds);
            var start = new RoundStart(run.runId, number, config.address(), run.targetRounds, config.shape(), global,
                    run.standardization, config.trainingFor(number).withProcedure(run.strategy.procedure(agent.id())), privacy,
                    secureRound);
            run.selected.add(agent.id());
            if (sendRequest(agent.id(), start)) (roster.onProbation(agent.id()) ? run.optional : run.awaiting).add(agent.id());
            else run.failures.put(agent.id(), new AgentFailure(agent.id(), "could not send ROUND_START: " + lastSendFailure));
        }
        if (!drawn.isEmpty() && run.awaiting.isEmpty() && run.optional.isEmpty()) {
            // Nothing went out, and not for want of a connection (those wait for it): say why,
            // rather than blame every agent.
            fail("round " + number + ": could not send ROUND_START to any of the " + drawn.size() + " agents: "
                    + lastSendFailure);
            return;
        }
        moveTo(Phase.TRAINING, "round " + number + " of " + run.targetRounds + ": "
                + (run.awaiting.size() + run.optional.size()) + " agents training"
                + (run.optional.isEmpty() ? "" : " (" + run.optional.size() + " on quarantine probation, not waited for)")
                + (sampling.fraction() < 1 ? " (" + drawn.size() + " of " + active.size() + " drawn)" : ""));
        checkTrainingComplete();
    }

    /**
     * The live agents round {@code number} may draw from: all but those sitting out, unless the
     * round could not reach MIN_AGENTS without some of them (quorum before quarantine; they come
     * back on probation).
     */
    private List<String> candidates(int number, List<AgentRecord> active) {
        for (String id : roster.releaseBefore(number)) {
            agentEvent(Level.INFO, "agents back from quarantine", "agent " + id + " is back from quarantine for round "
                    + number + ": invited, but waited for only when MIN_AGENTS needs it until it delivers in time");
        }
        var candidates = new ArrayList<String>();
        var sittingOut = new ArrayList<String>();
        for (AgentRecord a : active) (roster.sitsOut(a.id()) ? sittingOut : candidates).add(a.id());
        while (candidates.size() < config.minAgents() && !sittingOut.isEmpty()) {
            String back = sittingOut.remove(0);
            candidates.add(back);
            agentEvent(Level.INFO, "quarantined agents invited for quorum", "round " + number + " invites quarantined agent "
                    + back + ": MIN_AGENTS=" + config.minAgents() + " needs it");
        }
        for (String id : sittingOut) roster.satOut(id);
        if (!sittingOut.isEmpty()) agentsChanged();
        candidates.sort(null); // id order, as the roster's
        return candidates;
    }

    /** Counts a bad round of agent {@code id}; says so when it now sits out. */
    private void strike(String id, Quarantine.Strike strike) {
        // Silence during our own outage is ours, not the agent's.
        if (strike == Quarantine.Strike.MISSED && (offline || run.outageThisRound)) return;
        Quarantine policy = quarantine;
        if (!roster.strike(id, strike, run.round, policy)) return;
        String what = strike == Quarantine.Strike.MISSED
                ? "let " + policy.afterMisses() + " round(s) in a row time out"
                : "failed " + policy.afterFailures() + " round(s) in a row";
        agentEvent(Level.WARN, "agents quarantined", "agent " + id + " " + what + " (round " + run.round + ")"
                + (policy.rounds() > 0 ? "; it sits out rounds " + (run.round + 1) + "-" + (run.round + policy.rounds())
                        + ", then" : "; from now") + " it is waited for only when MIN_AGENTS needs it, until it delivers in time");
        agentsChanged();
    }

    private void checkTrainingComplete() {
        if (phase != Phase.TRAINING || !run.awaiting.isEmpty()) return;
        // Past its keys, a secure round's steps are checked by checkSecureStep.
        if (run.secureRound != null && run.secureRound.step() != SecureRound.Step.KEYS) return;
        // Agents on probation are waited for only when the round's quorum needs them (until the timeout).
        if (run.updates.size() < sampling.roundQuorum() && !run.optional.isEmpty()) return;
        if (run.updates.size() < sampling.roundQuorum()) {
            // The reason names a few; every one is in the log for whoever asks for DEBUG.
            for (AgentFailure f : run.failures.values()) log.debug("round {}: {} failed: {}", run.round, f.agent(), f.reason());
            fail("round " + run.round + ": only " + run.updates.size() + " updates (MIN_AGENTS is " + config.minAgents()
                    + "); " + FailureSummary.of(run.failures.values(), run.selected.size()));
            return;
        }
        if (run.secureRound != null) advanceSecure();
        else aggregate();
    }

    private void aggregate() {
        cancelDeadline();
        moveTo(Phase.AGGREGATING, "round " + run.round + ": " + run.updates.size() + " updates");
        List<AgentUpdate> received = new ArrayList<>(run.updates.values()); // TreeMap: agent-id order
        List<AgentUpdate> updates = received;
        // Central mode bounds influence itself (clip to DP_CLIP_NORM, uniform mean); a second,
        // data-dependent clip would change what its noise hides.
        if (!(run.privacy instanceof CentralPrivacy)) {
            InfluenceBound.Result bound = config.influenceBound().apply(updates, run.chosenStrategy.minUpdates());
            updates = bound.updates();
            run.bounded.addAll(bound.bounded());
            // A left-out update is no longer this round's: it is neither aggregated nor scored.
            // Not a quarantine strike: under strong label skew an honest agent can be left out now
            // and then, and sitting out would keep its rows from the next rounds too.
            for (BoundedUpdate b : bound.bounded()) {
                if (!b.leftOut()) continue;
                run.updates.remove(b.agent());
                run.failures.put(b.agent(), new AgentFailure(b.agent(), "update left out by the influence bound: " + b));
            }
            if (!bound.bounded().isEmpty()) {
                event("warn", "round " + run.round + ": bounded " + BoundedUpdate.summary(bound.bounded()));
            }
        }
        double[] delta;
        try {
            delta = run.strategy.aggregate(run.round, updates);
        } catch (IllegalArgumentException e) {
            // A robust rule can refuse a round (Krum with too few updates): the model stays as it was.
            fail("round " + run.round + ": strategy " + run.strategy.name() + " refused the round's " + updates.size()
                    + " updates: " + e.getMessage());
            return;
        }
        applyRound(delta, updates, received);
    }

    /** The round's aggregate {@code delta} moves the global model; the agents of {@code updates} score it. */
    private void applyRound(double[] delta, List<AgentUpdate> updates, List<AgentUpdate> received) {
        for (int i = 0; i < delta.length; i++) run.global[i] += delta[i];
        for (AgentUpdate u : updates) roster.participated(u.agent(), u.trainLoss());
        // What an agent spent it spent whether or not its update was left out.
        run.epsilonSpent = run.privacy.afterRound(received);
        if (run.privacy instanceof CentralPrivacy central && central.adaptive()) {
            // After the sum was noised with this round's clip: the noised count moves the next round's.
            double expected = sampling instanceof ClientSampling.SecretPoisson ? run.expectedParticipants : updates.size();
            var adapted = central.adaptClip(updates, expected);
            log.info("round {}: clip norm {} -> {} (noised unclipped fraction {})", run.round, fmt(adapted.clipNorm()),
                    fmt(adapted.nextClipNorm()), fmt(adapted.noisedUnclippedFraction()));
        }
        HeldOutEvaluation evaluation = heldOut;
        if (evaluation != null) {
            moveTo(Phase.EVALUATING, "round " + run.round + ": scoring the new global model on held-out data");
            run.heldOutMetrics = evaluation.evaluate(run.global.clone(), config.shape(), run.standardization);
            finishRound();
            return;
        }
        moveTo(Phase.EVALUATING, "round " + run.round + ": scoring the new global model");
        scheduleDeadline(Phase.EVALUATING, config.roundTimeout());
        run.requests.clear();
        run.owed.clear();
        Weights global = Weights.of(run.global);
        // Only agents whose update is in this model score it: an agent answers one evaluation per
        // round it trained in, of the model it will train the next round from.
        for (AgentUpdate u : updates) {
            AgentRecord agent = roster.get(u.agent());
            if (agent == null || agent.lost() || agent.trainSamples() <= 0) continue;
            if (sendRequest(agent.id(), new Evaluate(run.runId, run.round, config.address(), config.shape(), global))) {
                run.awaitingEvaluation.add(agent.id());
            }
        }
        checkEvaluationComplete();
    }

    // ---- secure aggregation --------------------------------------------------------------------

    /**
     * A SECAGG_* message from an agent. One from an earlier round (an answer that came after its
     * round finished) is late, as a late update is; anything else goes to the round's
     * {@link SecureRound}, and a {@link SecAggException} is refused, counted as {@code secagg-<reason>}
     * and drops the agent from the round, never the coordinator.
     */
    private void onSecureMessage(Message message) {
        String id = message.sender();
        if (run == null || !message.runId().equals(run.runId)) {
            reject(id, "stale-run", message.type() + " for run '" + message.runId() + "', current run is " + currentRunId());
            return;
        }
        if (message.round() < run.round
                || (message.round() == run.round && (phase != Phase.TRAINING || run.secureRound == null))) {
            countRoundRejection(id, "late", message.type() + " for round " + message.round() + " arrived in " + phase
                    + " of round " + run.round);
            return;
        }
        if (phase != Phase.TRAINING || run.secureRound == null) {
            countRoundRejection(id, "secagg-wrong-round", message.type() + " for round " + message.round()
                    + ", which has not started (round " + run.round + ", " + phase + ")");
            return;
        }
        SecureRound round = run.secureRound;
        SecureRound.Step step = round.step();
        try {
            round.accept(message);
        } catch (SecAggException e) {
            secureRefused(id, e);
            return;
        }
        if (step == SecureRound.Step.KEYS) {
            // The keys are this protocol's answer to ROUND_START: the agent trained.
            run.awaiting.remove(id);
            run.optional.remove(id);
            run.updates.put(id, new AgentUpdate(id, Weights.zeros(0), roster.get(id).trainSamples(), 0, 0, 0));
            roster.delivered(id);
            checkTrainingComplete();
        } else {
            checkSecureStep();
        }
    }

    /** A protocol violation: counted and logged; the agent is out of the round, or the round fails when it cannot finish. */
    private void secureRefused(String id, SecAggException e) {
        String reason = "secagg-" + e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        countRoundRejection(id, reason, e.getMessage());
        if (e.reason() == SecAggException.Reason.BELOW_THRESHOLD || e.reason() == SecAggException.Reason.KEY_MISMATCH) {
            failSecure(e);
            return;
        }
        // A replay, or a message of another round or step, changes nothing: the agent's own answer stands.
        if (SecureRound.messageLevel(e.reason())) return;
        boolean training = run.awaiting.remove(id) | run.optional.remove(id);
        run.updates.remove(id);
        run.failures.putIfAbsent(id, new AgentFailure(id, "secure aggregation refused its message: " + e.getMessage()));
        strike(id, Quarantine.Strike.FAILED);
        if (training) checkTrainingComplete();
        else checkSecureStep();
    }

    /** Stops waiting for {@code id} in a secure step after the keys; true if it was awaited there. */
    private boolean secureDrop(String id) {
        if (run == null || run.secureRound == null || run.secureRound.step() == SecureRound.Step.KEYS) return false;
        return run.secureRound.drop(id);
    }

    /** Moves a secure round on once its step has every answer, or finishes it once it can. */
    private void checkSecureStep() {
        if (run == null || phase != Phase.TRAINING || run.secureRound == null) return;
        SecureRound round = run.secureRound;
        if (round.step() == SecureRound.Step.KEYS) return;
        if (round.step() == SecureRound.Step.UNMASK) {
            boolean ready;
            try {
                ready = round.canFinish();
            } catch (SecAggException e) {
                failSecure(e);
                return;
            }
            if (ready) finishSecure();
            else if (round.stepComplete()) failSecure(new SecAggException(SecAggException.Reason.BELOW_THRESHOLD,
                    "every survivor answered, yet too few shares arrived to remove the masks"));
            return;
        }
        if (round.stepComplete()) advanceSecure();
    }

    /** Ends the secure round's current step: its answers go out, and the next step's deadline starts. */
    private void advanceSecure() {
        cancelDeadline();
        SecureRound round = run.secureRound;
        Map<String, Message> out;
        try {
            out = round.advance();
        } catch (SecAggException e) {
            failSecure(e);
            return;
        }
        scheduleSecureDeadline();
        for (Map.Entry<String, Message> e : out.entrySet()) {
            if (send(e.getKey(), e.getValue())) continue;
            round.drop(e.getKey());
            run.failures.putIfAbsent(e.getKey(), new AgentFailure(e.getKey(), "could not send " + e.getValue().type()
                    + ": " + lastSendFailure));
        }
        log.debug("round {}: secure aggregation step {} with {} agents", run.round, round.step(), out.size());
        checkSecureStep();
    }

    /** How long each secure step after the keys may take: a quarter of ROUND_TIMEOUT, as it is crypto, not training. */
    private Duration secureStepTimeout() {
        return config.roundTimeout().dividedBy(4);
    }

    private void scheduleSecureDeadline() {
        cancelDeadline();
        var d = new SecureDeadline(run.runId, run.round, run.secureRound.step());
        deadline = timers.schedule(secureStepTimeout(), () -> submit(d));
    }

    private void onSecureDeadline(SecureDeadline d) {
        if (run == null || !d.runId().equals(run.runId) || d.round() != run.round || phase != Phase.TRAINING
                || run.secureRound == null || run.secureRound.step() != d.step()) return;
        if (offline) {
            // Our outage, not the agents': the step waits; redoAfterOutage gives it its time again.
            scheduleSecureDeadline();
            return;
        }
        SecureRound round = run.secureRound;
        var missed = List.copyOf(round.awaiting());
        for (String id : missed) {
            round.drop(id);
            run.failures.putIfAbsent(id, new AgentFailure(id, "dropped out of secure aggregation: no answer in step "
                    + d.step() + " within ROUND_TIMEOUT/4=" + human(secureStepTimeout())));
            strike(id, Quarantine.Strike.MISSED);
        }
        if (!missed.isEmpty()) {
            event("warn", "round " + run.round + ": secure aggregation step " + d.step() + " timed out waiting for "
                    + FailureSummary.agents(missed) + "; they are dropouts");
        }
        checkSecureStep();
    }

    /** The sum is revealed: the weighted mean of the contributors' deltas becomes the round's aggregate. */
    private void finishSecure() {
        cancelDeadline();
        SecureRound.Result result;
        try {
            result = run.secureRound.result();
        } catch (SecAggException e) {
            failSecure(e);
            return;
        }
        var contributors = new java.util.HashSet<>(result.contributors());
        for (String id : List.copyOf(run.updates.keySet())) {
            if (contributors.contains(id)) continue;
            run.updates.remove(id);
            run.failures.putIfAbsent(id, new AgentFailure(id, "dropped out of secure aggregation"));
        }
        if (run.updates.size() < sampling.roundQuorum()) {
            fail("round " + run.round + ": only " + run.updates.size() + " agents' inputs in the secure sum (MIN_AGENTS is "
                    + config.minAgents() + "); " + FailureSummary.of(run.failures.values(), run.selected.size()));
            return;
        }
        moveTo(Phase.AGGREGATING, "round " + run.round + ": secure sum of " + run.updates.size() + " agents' updates");
        List<AgentUpdate> updates = new ArrayList<>(run.updates.values());
        // The strategy sees one update, the mean: all a secure sum reveals, and all that the
        // strategies allowed with it (SecureAggregationSettings.COMPATIBLE_STRATEGIES) use.
        var mean = new AgentUpdate("secure-sum", Weights.of(result.meanDelta()), 1, 0, 0, 0);
        DistributedDp dp = run.secureRound.distributedDp();
        if (dp != null && run.privacy instanceof CentralPrivacy central) {
            // Charged as the sum of t agents' discrete Gaussians (KLS 2021), whoever survived beyond t.
            central.chargeNextRoundAsDistributed(dp.effectiveNoiseMultiplier());
        }
        double[] delta;
        try {
            delta = run.strategy.aggregate(run.round, List.of(mean));
        } catch (IllegalArgumentException e) {
            fail("round " + run.round + ": strategy " + run.strategy.name() + " refused the secure sum: " + e.getMessage());
            return;
        }
        applyRound(delta, updates, updates);
    }

    private void failSecure(SecAggException e) {
        fail("round " + run.round + ": secure aggregation cannot finish: " + e.getMessage() + "; "
                + FailureSummary.of(run.failures.values(), run.selected.size()));
    }

    private void checkEvaluationComplete() {
        if (phase != Phase.EVALUATING || !run.awaitingEvaluation.isEmpty()) return;
        finishRound();
    }

    private void finishRound() {
        cancelDeadline();
        Metrics metrics = run.heldOutMetrics != null ? run.heldOutMetrics
                : Metrics.combine(config.shape().classes(), new ArrayList<>(run.evaluations.values()));
        var losses = new LinkedHashMap<String, Double>();
        var samples = new LinkedHashMap<String, Integer>();
        double slowest = 0;
        for (AgentUpdate u : run.updates.values()) {
            losses.put(u.agent(), u.trainLoss());
            samples.put(u.agent(), u.samples());
            slowest = Math.max(slowest, u.trainSeconds());
        }
        var result = new RoundResult(run.round, List.copyOf(run.updates.keySet()), List.copyOf(run.failures.values()),
                metrics, run.epsilonSpent, run.rejectedThisRound, losses, samples,
                (System.nanoTime() - run.roundStartedNanos) / 1e9, slowest, List.copyOf(run.bounded), run.clipNorm);
        run.results.add(result);
        // Before anyone hears of the round: whatever was told about it, a restart can resume from.
        if (run.round < run.targetRounds) checkpoint(null, null);
        roundLog.summarise("round " + run.round);
        log.info("round {}/{}: accuracy {} loss {} epsilon {} ({} updates, {} failures)", run.round, run.targetRounds,
                fmt(metrics.accuracy()), fmt(metrics.loss()), fmt(run.epsilonSpent), run.updates.size(), run.failures.size());
        for (CoordinatorListener l : listeners) safely(() -> l.onRoundCompleted(run.runId, result));
        if (run.round < run.targetRounds) {
            startRound(run.round + 1);
        } else {
            Weights global = Weights.of(run.global);
            for (AgentRecord agent : roster.active()) {
                send(agent.id(), new GlobalModel(run.runId, run.round, config.address(), config.shape(), global, "COMPLETED"));
            }
            finish(Outcome.COMPLETED, Phase.COMPLETED, "all " + run.targetRounds + " rounds done");
        }
    }

    private void onDeadline(Deadline d) {
        if (run == null || !d.runId().equals(run.runId) || d.round() != run.round || d.phase() != phase) return;
        if (offline) {
            onDeadlineWhileOffline();
            return;
        }
        switch (phase) {
            case REGISTERING -> fail("only " + roster.active().size() + " of MIN_AGENTS=" + config.minAgents()
                    + " agents joined within " + human(config.registrationTimeout())
                    + "; start more agents or lower MIN_AGENTS");
            case TRAINING -> {
                // A deadline of the training step that fired as a secure round moved past it.
                if (run.secureRound != null && run.secureRound.step() != SecureRound.Step.KEYS) return;
                for (String id : run.awaiting) {
                    run.failures.put(id, new AgentFailure(id, "no update within ROUND_TIMEOUT=" + human(config.roundTimeout())));
                }
                for (String id : run.optional) {
                    run.failures.put(id, new AgentFailure(id, "on quarantine probation: no update within ROUND_TIMEOUT="
                            + human(config.roundTimeout())));
                }
                if (!run.awaiting.isEmpty()) {
                    event("warn", "round " + run.round + " timed out waiting for " + FailureSummary.agents(run.awaiting));
                }
                var missed = List.copyOf(run.awaiting);
                run.awaiting.clear();
                run.optional.clear();
                for (String id : missed) strike(id, Quarantine.Strike.MISSED);
                checkTrainingComplete();
            }
            case EVALUATING -> {
                event("warn", "round " + run.round + ": no evaluation within ROUND_TIMEOUT from "
                        + FailureSummary.agents(run.awaitingEvaluation));
                var missed = List.copyOf(run.awaitingEvaluation);
                run.awaitingEvaluation.clear();
                for (String id : missed) strike(id, Quarantine.Strike.MISSED);
                finishRound();
            }
            default -> { }
        }
    }

    /**
     * While the coordinator itself is cut off from the server, no agent can reach it: their
     * silence is its outage, not theirs. Liveness and deadlines wait; on reconnection every agent
     * gets a grace period to be heard from again, and the phase in progress is redone for the
     * agents still awaited ({@link #redoAfterOutage}).
     */
    private void onConnectionChanged(boolean up, long now) {
        if (!up) {
            if (run != null) run.outageThisRound = true;
            if (!offline) {
                event("warn", "coordinator lost its connection to the XMPP server; agents' liveness and the round's"
                        + " deadline wait until it is back");
                offlineSinceMillis = now;
            }
            offline = true;
        } else if (offline) {
            offline = false;
            long outage = now - offlineSinceMillis;
            // The agents most likely lost the server when we did and retry with a backoff that
            // doubles up to a minute: one may come back up to about the outage's length after us.
            long grace = Math.min(outage, MAX_RECONNECT_GRACE.toMillis());
            roster.allSeen(now + grace);
            event("info", "coordinator reconnected after " + seconds(outage) + "; every agent has " + seconds(grace)
                    + " plus " + config.missedHeartbeats() + " heartbeat intervals to be heard from again");
            redoAfterOutage();
            agentsChanged();
        }
    }

    /**
     * After the coordinator's own outage: whatever the agents still awaited were sent, or sent
     * back, during it may be lost. Each is owed its request again, sent once it is heard from (so
     * that it is online to receive it), and the phase's deadline starts again.
     */
    private void redoAfterOutage() {
        if (run == null) return;
        switch (phase) {
            case REGISTERING -> scheduleDeadline(Phase.REGISTERING, config.registrationTimeout());
            case TRAINING, EVALUATING -> {
                if (phase == Phase.TRAINING && run.secureRound != null && run.secureRound.step() != SecureRound.Step.KEYS) {
                    // A secure step's messages are not requests that can be sent again word for
                    // word; the step gets its time again and whoever misses it drops out.
                    scheduleSecureDeadline();
                    return;
                }
                var awaited = new java.util.TreeSet<>(phase == Phase.TRAINING ? run.awaiting : run.awaitingEvaluation);
                if (phase == Phase.TRAINING) awaited.addAll(run.optional); // on probation: owed it too
                run.owed.addAll(awaited);
                scheduleDeadline(phase, config.roundTimeout());
                if (!awaited.isEmpty()) {
                    event("info", "round " + run.round + " (" + phase + "): " + awaited.size() + " agent(s) still awaited"
                            + " get the round's request again once heard from, as the coordinator's outage may have lost"
                            + " it or their answer; ROUND_TIMEOUT starts again");
                }
            }
            default -> { }
        }
    }

    /** A deadline that fell in the coordinator's own outage: it waits, unless the outage itself is too long. */
    private void onDeadlineWhileOffline() {
        Duration limit = phase == Phase.REGISTERING ? config.registrationTimeout() : config.roundTimeout();
        long outage = timers.nowMillis() - offlineSinceMillis;
        if (outage < limit.toMillis()) {
            scheduleDeadline(phase, Duration.ofMillis(limit.toMillis() - outage));
            return;
        }
        fail("the coordinator has been cut off from the XMPP server for " + seconds(outage)
                + ", longer than " + (phase == Phase.REGISTERING ? "REGISTRATION_TIMEOUT=" : "ROUND_TIMEOUT=")
                + human(limit) + (lastSendFailure.isEmpty() ? "" : " (" + lastSendFailure + ")")
                + "; check the XMPP server and the coordinator's network, then start the run again");
    }

    private void onLivenessTick() {
        if (offline) return; // our outage, not the agents'
        long silence = config.heartbeatInterval().toMillis() * config.missedHeartbeats();
        List<String> lost = roster.markSilentAsLost(timers.nowMillis(), silence);
        if (lost.isEmpty()) return;
        for (String id : lost) {
            agentEvent(Level.WARN, "agents lost", "agent lost: " + id + " (no message for "
                    + human(Duration.ofMillis(silence)) + ")");
            if (run == null) continue;
            if (phase == Phase.TRAINING && (run.awaiting.remove(id) | run.optional.remove(id) | secureDrop(id))) {
                run.failures.put(id, new AgentFailure(id, "lost: no heartbeat for " + human(Duration.ofMillis(silence))));
            }
            if (phase == Phase.EVALUATING) run.awaitingEvaluation.remove(id);
        }
        agentsChanged();
        checkTrainingComplete();
        checkSecureStep();
        checkEvaluationComplete();
    }

    // ---- endings -----------------------------------------------------------------------------

    private void fail(String reason) {
        log.error("run {} failed: {}", currentRunId(), reason);
        event("error", "run failed: " + reason);
        broadcastStop(reason);
        finish(Outcome.FAILED, Phase.FAILED, reason);
    }

    private void broadcastStop(String reason) {
        if (run == null) return;
        // Lost agents too: "lost" may only mean slow, and they must not keep training for this run.
        for (AgentRecord agent : roster.all()) {
            send(agent.id(), new Stop(run.runId, run.round, config.address(), truncate(reason)));
        }
    }

    /**
     * Ends the run: the summary is recorded before the move to the terminal phase, so no snapshot
     * ever shows a finished phase without its run summary.
     */
    private void finish(Outcome outcome, Phase terminal, String reason) {
        cancelDeadline();
        roundLog.summarise(run.round == 0 ? "registration" : "round " + run.round);
        var last = run.results.isEmpty() ? null : run.results.get(run.results.size() - 1);
        var summary = new RunSummary(run.runId, outcome, reason, run.targetRounds, List.copyOf(run.results),
                last == null ? Metrics.EMPTY : last.metrics(), config.shape(), Weights.of(run.global), run.standardization,
                run.privacy.summary(run.epsilonSpent),
                roster.active().stream().map(AgentRecord::id).toList(), run.strategy.name(),
                run.chosenStrategy.options(), run.startedAt,
                (System.nanoTime() - run.startedNanos) / 1e9, run.resumedFromRound, roster.satOut());
        // A run that got past its quorum is marked ended, so that no restart resumes it.
        if (!run.results.isEmpty() || run.resumedFromRound > 0) checkpoint(outcome.name(), reason);
        lastRun = summary;
        roster.clearQuarantine(); // quarantine lasts for the run; the summary keeps who sat out
        moveTo(terminal, reason);
        for (CoordinatorListener l : listeners) safely(() -> l.onRunFinished(summary));
    }

    // ---- checkpoints -------------------------------------------------------------------------

    /**
     * Writes the run's state, on the loop thread (a checkpoint is a few model-sized vectors); a
     * failed write is reported and the run goes on, without the resume it would have allowed.
     */
    private void checkpoint(String outcome, String reason) {
        StateDirectory directory = stateDirectory;
        if (directory == null) return;
        try {
            directory.write(checkpointOf(outcome, reason));
        } catch (RuntimeException e) {
            log.error("run {}: could not checkpoint round {}", run.runId, run.results.size(), e);
            event("warn", "could not checkpoint round " + run.results.size() + " of run " + run.runId + ": "
                    + e.getMessage() + "; a restart could not resume from it");
        }
    }

    private RunCheckpoint checkpointOf(String outcome, String reason) {
        StrategyState state = run.strategy instanceof StrategyAggregation delta ? delta.state()
                : StrategyState.Stateless.INSTANCE;
        var participants = roster.views(timers.nowMillis()).stream()
                .map(v -> new RunCheckpoint.Participant(v.id(), v.trainSamples(), v.roundsParticipated())).toList();
        int completed = run.results.size();
        return new RunCheckpoint(run.runId, outcome, reason == null ? null : truncate(reason), run.startedAt,
                run.targetRounds, completed, run.resumedFromRound, config.schemaFingerprint(), config.shape(),
                new RunStrategy(run.chosenStrategy.name(), run.chosenStrategy.options()), run.strategy.name(),
                run.quorumTrainSamples, run.quorumAgents, sampling.fraction(), config.minAgents(), run.privacy.state(),
                run.epsilonSpent, Weights.of(run.global), state, run.standardization, participants, run.results);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** DP-FedAvg, over a fixed denominator when agents are drawn secretly ({@link ClientSampling.SecretPoisson}). */
    /** DP-FedAvg over the local steps {@code chosen} asks of agents (plain SGD, or FedProx's proximal ones). */
    private AggregationStrategy centralAggregation(CentralPrivacy privacy, RunState started, Strategy chosen) {
        var mechanism = new GaussianMechanism(noiseSource);
        double clip = config.privacy().clipNorm();
        double noiseMultiplier = privacy.noiseMultiplier();
        var local = chosen.centralDpProcedure();
        // With secure aggregation the agents add the noise (distributed DP): the secure mean is already noised.
        if (config.distributedDp()) return new DistributedDpFedAvg(local);
        if (privacy.adaptive()) {
            // The round's clip as the estimate set it; the sum at z_delta, its share of the round.
            return CentralDpFedAvg.adaptive(privacy::clipNorm, privacy.sumNoiseMultiplier(), mechanism,
                    config.shape().size(), sampling instanceof ClientSampling.SecretPoisson
                            ? () -> started.expectedParticipants : null, local);
        }
        return sampling instanceof ClientSampling.SecretPoisson
                ? CentralDpFedAvg.sampled(clip, noiseMultiplier, mechanism, config.shape().size(),
                        () -> started.expectedParticipants, local)
                : new CentralDpFedAvg(clip, noiseMultiplier, mechanism, local);
    }

    private boolean send(String to, Message message) {
        try {
            endpoint.send(to, message);
            return true;
        } catch (TransportException e) {
            roundLog.log(Level.WARN, "messages could not be sent", "could not send " + message.type() + " to " + to
                    + ": " + e.getMessage());
            lastSendFailure = e.getMessage();
            return false;
        }
    }

    /**
     * Sends an awaited agent its request for this phase and keeps it (see {@link RunState#requests}).
     * True if it went out, or could not only because the coordinator is disconnected: then the
     * agent is owed it again after the reconnection. False for any other failure.
     */
    private boolean sendRequest(String id, Message request) {
        run.requests.put(id, request);
        try {
            endpoint.send(id, request);
            return true;
        } catch (TransportException e) {
            lastSendFailure = e.getMessage();
            if (e.isNotConnected()) {
                run.owed.add(id);
                roundLog.log(Level.INFO, "requests held until the coordinator reconnects", request.type() + " to " + id
                        + " held until the coordinator is connected again");
                return true;
            }
            roundLog.log(Level.WARN, "messages could not be sent", "could not send " + request.type() + " to " + id
                    + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Sends {@code id} its request again if it is owed one: it was just heard from, so it is
     * online. Not while its heartbeat says it is still working on one, whose answer is on its way.
     */
    private void resendIfOwed(String id, Message heard) {
        if (run == null || offline || !run.owed.contains(id)) return;
        if (heard instanceof Heartbeat h && ("TRAINING".equals(h.state()) || "EVALUATING".equals(h.state()))) return;
        run.owed.remove(id);
        boolean training = phase == Phase.TRAINING && (run.awaiting.contains(id) || run.optional.contains(id));
        boolean evaluating = phase == Phase.EVALUATING && run.awaitingEvaluation.contains(id);
        Message request = run.requests.get(id);
        if ((!training && !evaluating) || request == null) return;
        agentEvent(Level.INFO, "requests sent again after the coordinator's outage", request.type() + " of round "
                + run.round + " sent again to " + id + " after the coordinator's outage");
        if (sendRequest(id, request)) return;
        if (training) {
            run.awaiting.remove(id);
            run.optional.remove(id);
            run.failures.put(id, new AgentFailure(id, "could not send ROUND_START again: " + lastSendFailure));
            checkTrainingComplete();
        } else {
            run.awaitingEvaluation.remove(id);
            checkEvaluationComplete();
        }
    }

    /**
     * Counts a dropped message; logs and shows it only if it is the sender's first in
     * {@link #QUIET_INTERVAL}, so that one sender cannot flood the log or the dashboard's event log.
     */
    private void reject(String from, String reason, String detail) {
        rejected.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        SenderLimiter.Decision d = rejections.next(from);
        if (!d.log()) return;
        agentEvent(Level.WARN, "messages dropped (" + reason + ")",
                "dropped message from " + from + " (" + reason + "): " + truncate(detail)
                        + (d.suppressedBefore() > 0 ? " (and " + d.suppressedBefore() + " more from it in the last "
                                + human(QUIET_INTERVAL) + ", counted in /metrics)" : ""));
    }

    private void countRoundRejection(String from, String reason, String detail) {
        run.rejectedThisRound++;
        reject(from, reason, detail);
    }

    private void moveTo(Phase next, String reason) {
        if (!phase.next().contains(next)) {
            throw new IllegalStateException("illegal move " + phase + " -> " + next + " (" + reason + ")");
        }
        phase = next;
        phaseReason = reason;
        String runId = currentRunId();
        int round = run == null ? 0 : run.round;
        int target = run == null ? 0 : run.targetRounds;
        log.debug("phase {} ({})", next, reason);
        // Listeners hear of the roster as it was before the phase moved, as they would unbatched.
        notifyAgentsChanged();
        publish();
        for (CoordinatorListener l : listeners) safely(() -> l.onPhaseChanged(next, runId, round, target, reason));
    }

    private void scheduleDeadline(Phase expected, Duration after) {
        cancelDeadline();
        var d = new Deadline(run.runId, run.round, expected);
        deadline = timers.schedule(after, () -> submit(d));
    }

    private void cancelDeadline() {
        if (deadline != null) deadline.cancel();
        deadline = null;
    }

    /** The roster changed in a way listeners show; they hear of it once per burst (see {@link #flush}). */
    private void agentsChanged() {
        agentsChangedPending = true;
    }

    private void notifyAgentsChanged() {
        if (!agentsChangedPending) return;
        agentsChangedPending = false;
        var views = roster.views(timers.nowMillis());
        for (CoordinatorListener l : listeners) safely(() -> l.onAgentsChanged(views));
    }

    /** The end of a burst of events: what listeners and readers see catches up with the state. */
    private void flush() {
        notifyAgentsChanged();
        publish();
    }

    /** A one-off event: logged as it is (errors are logged where they happen) and shown to listeners. */
    private void event(String level, String message) {
        if (level.equals("info")) log.info(message);
        else if (level.equals("warn")) log.warn(message);
        for (CoordinatorListener l : listeners) safely(() -> l.onEvent(level, message));
    }

    /** An event about one agent: every one is shown to listeners; the log summarises them per round. */
    private void agentEvent(Level level, String kind, String message) {
        roundLog.log(level, kind, message);
        String name = level.name().toLowerCase(java.util.Locale.ROOT);
        for (CoordinatorListener l : listeners) safely(() -> l.onEvent(name, message));
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("coordinator listener failed", e);
        }
    }

    private void publish() {
        publishedAtMillis = timers.nowMillis();
        var privacy = config.privacy();
        snapshot = new CoordinatorSnapshot(phase, phaseReason, currentRunId(), run == null ? 0 : run.round,
                run == null ? 0 : run.targetRounds, roster.views(timers.nowMillis()),
                run == null ? List.of() : List.copyOf(run.results), privacy.epsilon(),
                run == null ? 0 : run.epsilonSpent, privacy.mode().wireName(), rejectedCounts(), lastRun,
                run == null ? null : run.recordedStrategy());
    }

    /** "fedadam (eta=0.1, beta1=0.9)", for the event log. */
    private static String describe(RunStrategy strategy) {
        if (strategy.options().isEmpty()) return strategy.name();
        var pairs = new ArrayList<String>();
        strategy.options().forEach((k, v) -> pairs.add(k + "=" + (v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString(v.longValue()) : Double.toString(v))));
        return strategy.name() + " (" + String.join(", ", pairs) + ")";
    }

    private String currentRunId() {
        return run == null ? "" : run.runId;
    }

    private static String newRunId() {
        return String.format("run-%tY%<tm%<td-%<tH%<tM%<tS-%04x", new java.util.Date(), ThreadLocalRandom.current().nextInt(0x10000));
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 12 ? fingerprint.substring(0, 12) + "..." : fingerprint;
    }

    private static String truncate(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) + "..." : text;
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** "17.5 s": a measured span, where milliseconds would be noise. */
    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    /** For tests: the roster's work so far; read only once the loop has stopped ({@link #close}). */
    Roster.Work rosterWork() {
        return roster.work();
    }

    /** For tests: the shape this coordinator trains. */
    ModelShape shape() {
        return config.shape();
    }
}
