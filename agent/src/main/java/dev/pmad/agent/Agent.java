package dev.pmad.agent;

import dev.pmad.agent.data.Seeds;
import dev.pmad.agent.engine.InMemoryEngine;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.engine.NewtonSums;
import dev.pmad.agent.privacy.AgentPrivacy;
import dev.pmad.agent.privacy.AggregateRelease;
import dev.pmad.agent.privacy.LedgerException;
import dev.pmad.agent.privacy.PrivacyLedger;
import dev.pmad.agent.secure.SecureSession;
import dev.pmad.protocol.SecAggRoster;
import dev.pmad.protocol.SecAggRouted;
import dev.pmad.protocol.SecAggUnmask;
import dev.pmad.secagg.SecAggException;
import java.security.SecureRandom;
import dev.pmad.agent.training.ControlVariate;
import dev.pmad.agent.training.DriftCorrection;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.loop.EventLoop;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.GlobalModel;
import dev.pmad.protocol.Heartbeat;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Stop;
import dev.pmad.protocol.Weights;
import dev.pmad.time.Timers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.TransportException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One federated-learning agent.
 *
 * <p><b>Threading.</b> One loop thread owns every field below the queue; the transport listener,
 * the timers and {@link #close} only enqueue events. Training runs on the loop thread: while an
 * agent trains it has nothing else to do, and queued messages wait in order.
 *
 * <p><b>Lifecycle</b> ({@link AgentState}). JOINING (JOIN re-sent until acknowledged) -> READY ->
 * TRAINING / EVALUATING per request -> READY. A JOIN refused for a schema mismatch stops the
 * agent for good ({@link #gaveUp}); another refused JOIN, or a round that
 * breaks the owner's policy or budget, puts the agent in REFUSED until that run ends. A
 * coordinator that no longer knows us (it restarted) sends the agent back to JOINING; after a
 * reconnection the agent only sends a heartbeat, which such a coordinator answers with "rejoin".
 * A message that does not fit the state is rejected and counted, never acted on.
 *
 * <p><b>Privacy.</b> The coordinator is the party the data is protected from, so the agent checks
 * everything it asks. Nothing derived from local data leaves except through {@link #onRoundStart}
 * (a delta processed by {@link AgentPrivacy}, which fails closed and charges the lifetime ledger
 * before anything is sent; in SCAFFOLD rounds, which it allows only without DP, also the change
 * of the agent's control variate) and {@link #onEvaluate} (aggregate counts). A run keeps one run id from
 * its first round to its end, its rounds only move forward, and it may ask for one evaluation
 * per round the agent trained in, of the model it then trains the next round from: an agent
 * that evaluated one model and is asked to train from another refuses the rest of the run. Only
 * messages from the configured coordinator address are obeyed.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private sealed interface Event permits Incoming, Rejected, JoinRetry, Connection {}

    private record Incoming(Message message) implements Event {}

    private record Rejected(String from, String reason, String detail) implements Event {}

    private record JoinRetry() implements Event {}

    private record Connection(boolean up) implements Event {}

    private final AgentConfig config;
    private final LocalEngine engine;
    private final Endpoint endpoint;
    private final Timers timers;
    private final EventLoop<Event> loop;
    private final AtomicLong updatesSent = new AtomicLong();
    private final AtomicLong rejectedMessages = new AtomicLong();
    private volatile AgentState publicState = AgentState.JOINING;
    /** Completed, with the reason, when the agent stops for good on its own (see {@link #gaveUp}). */
    private final CompletableFuture<String> gaveUp = new CompletableFuture<>();

    // Owned by the loop thread.
    private AgentState state = AgentState.JOINING;
    // Written by the loop, read by the heartbeat timer.
    private volatile String runId = "";
    private volatile int round;
    private long lastJoinMillis = Long.MIN_VALUE / 2; // no JOIN sent yet
    private Standardization standardization;
    private final AgentPrivacy privacy;
    private volatile Weights finalModel;
    /** Why the agent is REFUSED: a refused JOIN ends only with a rejoin, a refused run with its end. */
    private boolean joinRefused;
    // The run in progress as this agent sees it; "" when none. Owned by the loop thread.
    private String openRun = "";
    private int lastTrainedRound;
    private int evaluatedRound;
    private Weights evaluatedModel;
    private String distrustedRun = "";
    /** What this agent's JOIN says about its data, computed (and, if noised, charged) once. */
    private AggregateRelease.JoinRelease joined;
    /**
     * Drawn once per start and kept across reconnections and rejoins, so the coordinator tells a
     * JOIN re-sent while waiting for its acknowledgement from the JOIN of a restarted agent.
     */
    private final String incarnation = Join.newIncarnation();
    /** Joins and run ends: at INFO for an agent alone in its process, at DEBUG for most of thousands. */
    private final LifecycleLog lifecycle = new LifecycleLog(log, LifecycleLog.PROCESS);
    /**
     * The last round this agent answered with an update, and its answer; the last evaluation and
     * its answer. A coordinator resumed from its checkpoint may ask for that round (or evaluation)
     * again, word for word: it gets the same bytes back, which release nothing new.
     */
    private RoundStart answeredStart;
    private ModelUpdate answeredUpdate;
    private Evaluate answeredEvaluate;
    private EvalResult answeredEvaluation;
    /** SCAFFOLD's c_i for the run in progress. */
    private final ControlVariate controls = new ControlVariate();
    /** This round's secure aggregation, from its keys to its unmask reply; null otherwise. */
    private SecureSession secure;
    /** The secret randomness of secure aggregation's keys, seeds and masks: never derived from a run's seed. */
    private final SecureRandom secureRandom = new SecureRandom();

    /** An agent whose data is in this JVM, trained by {@code trainerFactory}. */
    public Agent(AgentConfig config, LocalData data, TrainerFactory trainerFactory, Endpoint endpoint, Timers timers) {
        this(config, new InMemoryEngine(data, trainerFactory), endpoint, timers);
    }

    /** An agent on any engine, with a thread of its own; {@link #close} closes the engine too. */
    public Agent(AgentConfig config, LocalEngine engine, Endpoint endpoint, Timers timers) {
        this(config, engine, endpoint, timers, null);
    }

    /**
     * An agent on any engine whose loop runs on {@code loopExecutor}, shared with other agents in
     * the same process (a simulation's thousands of agents need not each hold a thread); null: a
     * thread of its own. {@link #close} closes the engine too, not the executor.
     */
    public Agent(AgentConfig config, LocalEngine engine, Endpoint endpoint, Timers timers, Executor loopExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timers = Objects.requireNonNull(timers, "timers");
        PrivacyLedger ledger;
        try {
            if (config.policy().noisedAggregates()) {
                AggregateRelease.missingRanges(engine.schema()).ifPresent(problem -> {
                    throw new IllegalArgumentException(problem);
                });
            }
            // Opened here, so that a corrupt or missing ledger stops the agent before it joins.
            ledger = config.ledgerThrowaway() ? PrivacyLedger.openThrowaway(config.ledger())
                    : PrivacyLedger.open(config.ledger(), !config.ledgerMustExist());
        } catch (RuntimeException e) {
            engine.close();
            lifecycle.leave();
            throw e;
        }
        this.privacy = new AgentPrivacy(config.policy(), ledger);
        EventLoop.Handler<Event> handler = new EventLoop.Handler<>() {
            @Override
            public void handle(Event event) {
                Agent.this.handle(event);
            }

            @Override
            public void failed(Event event, RuntimeException e) {
                // One bad event must not kill the agent; the coordinator times the round out.
                log.error("agent {}: error while handling {}: {}", config.id(), event.getClass().getSimpleName(), e.toString(), e);
                if (state == AgentState.TRAINING || state == AgentState.EVALUATING) moveTo(AgentState.READY);
            }

            @Override
            public void stopped() {
                moveTo(AgentState.STOPPED);
            }
        };
        this.loop = loopExecutor == null ? new EventLoop<>("agent-" + config.id(), handler)
                : new EventLoop<>(handler, loopExecutor);
    }

    /** Connects the listener, starts the loop and sends the first JOIN. */
    public void start() {
        endpoint.setListener(new Endpoint.Listener() {
            @Override
            public void onMessage(Message message) {
                loop.submit(new Incoming(message));
            }

            @Override
            public void onRejected(String from, String reason, String detail) {
                loop.submit(new Rejected(from, reason, detail));
            }

            @Override
            public void onConnectionChanged(boolean connected) {
                loop.submit(new Connection(connected));
            }
        });
        // Heartbeats go out from the timer thread, not the loop: a long training round must not
        // make a live agent look dead.
        timers.every(config.heartbeatInterval(), this::sendHeartbeat);
        timers.every(config.joinRetryInterval(), () -> loop.submit(new JoinRetry()));
        loop.start();
        loop.submit(new JoinRetry());
    }

    public String id() {
        return config.id();
    }

    public AgentState state() {
        return publicState;
    }

    /** This start's incarnation, sent in every JOIN (see {@link Join#incarnation()}). */
    public String incarnation() {
        return incarnation;
    }

    /**
     * Completes, with a message saying what to fix, when the agent has stopped for good because
     * going on cannot help (the coordinator refused its schema); a process running only this
     * agent should then exit with an error. Never completes otherwise.
     */
    public CompletionStage<String> gaveUp() {
        return gaveUp;
    }

    public long updatesSent() {
        return updatesSent.get();
    }

    public long rejectedMessages() {
        return rejectedMessages.get();
    }

    /** This agent's privacy boundary: its policy and lifetime ledger. */
    public AgentPrivacy privacy() {
        return privacy;
    }

    /** The last final model the coordinator published, or null. */
    public Weights finalModel() {
        return finalModel;
    }

    @Override
    public void close() {
        lifecycle.leave();
        loop.stop();
        endpoint.close();
        engine.close();
        privacy.ledger().close();
    }

    private void handle(Event event) {
        if (event instanceof Incoming e) onMessage(e.message());
        else if (event instanceof Rejected e) onRejectedPayload(e);
        else if (event instanceof JoinRetry) {
            // The timer ticks on its own schedule: right after the JOIN sent on connecting, a tick
            // would send a needless duplicate (answered again, as it carries our incarnation).
            if (state == AgentState.JOINING && timers.nowMillis() - lastJoinMillis >= config.joinRetryInterval().toMillis()) {
                sendJoin();
            }
        } else if (event instanceof Connection e) {
            if (!e.up() || state == AgentState.REFUSED) return;
            if (state == AgentState.JOINING) {
                sendJoin();
            } else {
                // Back after a dropped connection, still joined as far as we know. A heartbeat
                // refreshes our liveness (a JOIN would only be acknowledged again), and a
                // coordinator that forgot us meanwhile answers it with "rejoin".
                sendHeartbeat();
            }
        } else throw new IllegalStateException("Unhandled event: " + event);
    }

    private void onMessage(Message message) {
        if (!message.sender().equals(config.coordinator())) {
            rejectedMessages.incrementAndGet();
            log.warn("agent {}: ignored {} from {}, which is not the coordinator {}", config.id(), message.type(),
                    message.sender(), config.coordinator());
            return;
        }
        if (message instanceof JoinAck ack) onJoinAck(ack);
        else if (message instanceof RoundStart start) onRoundStart(start);
        else if (message instanceof Evaluate evaluate) onEvaluate(evaluate);
        else if (message instanceof GlobalModel model) onGlobalModel(model);
        else if (message instanceof Stop stop) onStop(stop);
        else if (message instanceof SecAggRoster || message instanceof SecAggRouted || message instanceof SecAggUnmask) {
            onSecureRequest(message);
        }
        else if (message instanceof ErrorMessage error) log.warn("agent {}: coordinator reports {}: {}", config.id(), error.code(), error.detail());
        else if (message instanceof Heartbeat) { /* liveness only */ }
        else {
            rejectedMessages.incrementAndGet();
            log.warn("agent {}: ignored unexpected {} from the coordinator", config.id(), message.type());
        }
    }

    private void onJoinAck(JoinAck ack) {
        if (ack.accepted()) {
            // JOIN is re-sent until acknowledged, so later acknowledgements are expected and mean nothing.
            if (state == AgentState.JOINING) {
                lifecycle.info("agent {}: joined the federation", config.id());
                moveTo(AgentState.READY);
            }
        } else if (ack.reason().startsWith(JoinAck.REJOIN)) {
            if (state == AgentState.JOINING || state == AgentState.STOPPED) return;
            // The coordinator does not know us (it restarted): its runs are gone; JOIN again.
            lifecycle.info("agent {}: coordinator asks to rejoin ({})", config.id(), ack.reason());
            endRun("the coordinator forgot this agent");
            joinRefused = false;
            moveTo(AgentState.JOINING);
            sendJoin();
        } else if (state == AgentState.JOINING && ack.reason().startsWith(JoinAck.SCHEMA_MISMATCH)) {
            // No retry can cure this, and JOIN/refused every few seconds would hide it: stop, and say why.
            String why = "the coordinator refused to let us join: " + ack.reason()
                    + " (point SCHEMA_PATH at the coordinator's schema file, then start the agent again)";
            log.error("agent {}: {}; stopping", config.id(), why);
            moveTo(AgentState.STOPPED);
            gaveUp.complete(why);
        } else if (state == AgentState.JOINING) {
            log.error("agent {}: the coordinator refused to let us join: {}", config.id(), ack.reason());
            joinRefused = true;
            moveTo(AgentState.REFUSED);
        } else {
            reject("JOIN_ACK", "a refusal while " + state);
        }
    }

    private void onRoundStart(RoundStart start) {
        if (state == AgentState.REFUSED && !joinRefused && start.round() == 1 && !start.runId().equals(openRun)) {
            // The first round of another run: the refused run is over, whether or not its STOP arrived.
            endRun("superseded by " + start.runId());
        }
        if (state != AgentState.READY) {
            reject("ROUND_START", "round " + start.round() + " of " + start.runId() + " while " + state);
            if (state == AgentState.REFUSED && !joinRefused) {
                refuse(start, ErrorMessage.POLICY_REFUSED, "this agent refused an earlier round of run " + openRun
                        + " and takes no part until that run ends", false);
            }
            return;
        }
        if (start.shape().features() != engine.schema().encodedWidth()
                || start.shape().classes() != engine.schema().classes().size()) {
            reply(new ErrorMessage(start.runId(), start.round(), config.id(), ErrorMessage.BAD_REQUEST,
                    "model shape " + start.shape() + " does not match this agent's schema ("
                            + engine.schema().classes().size() + " classes, " + engine.schema().encodedWidth() + " features)"));
            return;
        }
        if (answeredUpdate != null && start.equals(answeredStart) && start.runId().equals(openRun)) {
            // The round this agent last answered, asked again exactly as before: a coordinator
            // that restarted from its checkpoint. The same answer again, not a second release.
            lifecycle.info("agent {}: round {} of run {} asked again unchanged (the coordinator resumed?); sending the"
                    + " same update again", config.id(), start.round(), start.runId());
            reply(answeredUpdate);
            return;
        }
        if (config.policy().requireSecureAggregation() && !start.secure().enabled()) {
            // Before anything is computed or charged: the owner allows no round whose update the coordinator sees alone.
            refuse(start, ErrorMessage.POLICY_REFUSED, "this agent's owner requires secure aggregation"
                    + " (AGENT_REQUIRE_SECURE_AGGREGATION=true) and round " + start.round() + " has none: start the"
                    + " coordinator with SECURE_AGGREGATION=true (or --secure-aggregation)", true);
            return;
        }
        if (start.secure().enabled()) {
            String problem = SecureSession.refusal(config.id(), start.secure(), start.shape().size());
            if (problem == null && !Procedure.SGD.equals(start.training().procedure().kind())
                    && !Procedure.PROX.equals(start.training().procedure().kind())) {
                problem = "procedure " + start.training().procedure().kind() + " sends more than a delta, which secure"
                        + " aggregation cannot sum";
            }
            if (problem != null) {
                reply(new ErrorMessage(start.runId(), start.round(), config.id(), ErrorMessage.BAD_REQUEST, problem));
                return;
            }
        }
        String runProblem = checkRun(start);
        if (runProblem != null) {
            refuse(start, ErrorMessage.POLICY_REFUSED, runProblem, start.runId().equals(openRun));
            return;
        }
        Procedure procedure = start.training().procedure();
        if (Procedure.SCAFFOLD.equals(procedure.kind()) && procedure.control().size() != start.shape().size()) {
            reply(new ErrorMessage(start.runId(), start.round(), config.id(), ErrorMessage.BAD_REQUEST,
                    "SCAFFOLD's server control variate has " + procedure.control().size() + " values, the model has "
                            + start.shape().size()));
            return;
        }
        AgentPrivacy.Decision decision;
        try {
            decision = privacy.beforeRound(start, engine.trainSize());
        } catch (LedgerException e) {
            // The charge could not be made durable: releasing now could under-count.
            refuse(start, ErrorMessage.BUDGET_EXHAUSTED, "the privacy ledger cannot be written, so nothing is released: "
                    + e.getMessage(), true);
            return;
        }
        if (!decision.allowed()) {
            // Fail closed: nothing about this round's data leaves; the coordinator stops the run.
            String code = decision.reason().startsWith("privacy budget exhausted") ? ErrorMessage.BUDGET_EXHAUSTED
                    : ErrorMessage.POLICY_REFUSED;
            refuse(start, code, decision.reason(), true);
            return;
        }
        openRun = start.runId();
        lastTrainedRound = start.round();
        secure = null;
        answeredStart = null;
        answeredUpdate = null;
        runId = start.runId();
        round = start.round();
        moveTo(AgentState.TRAINING);
        try {
            prepare(start.standardization());
            long began = System.nanoTime();
            double[] global = start.global().toArray();
            // Seeded by the agent's name without the domain, so that "agent-1" in a simulation and
            // "agent-1@pmad.local" over XMPP train identically: the transport must not change the math.
            long seed = Seeds.mix(start.training().seed(), start.round(), Seeds.of(localName(config.id())));
            if (decision.newton()) {
                sendNewtonSums(start, decision, global, began);
                return;
            }
            boolean scaffold = Procedure.SCAFFOLD.equals(procedure.kind());
            DriftCorrection correction = Procedure.PROX.equals(procedure.kind())
                    ? DriftCorrection.proximal(procedure.proximalMu())
                    : scaffold ? controls.correction(start.runId(), procedure.control().toArray()) : DriftCorrection.NONE;
            double[] local;
            try {
                // AgentPrivacy refused SCAFFOLD in every DP mode, so record mode gets at most a proximal term.
                local = decision.recordLevel()
                        ? engine.trainDpSgd(global, start.shape(), start.training(), decision.clipNorm(),
                                decision.noiseMultiplier(), privacy.random(), correction)
                        : engine.train(global, start.shape(), start.training(), seed, correction);
            } catch (UnsupportedOperationException e) {
                reply(new ErrorMessage(start.runId(), start.round(), config.id(), ErrorMessage.BAD_REQUEST, e.getMessage()));
                return;
            }
            // The exact training loss is a query on the data that no noise covers: in DP rounds it
            // stays here (0 on the wire means "not reported").
            double[] delta = new double[local.length];
            for (int i = 0; i < delta.length; i++) delta[i] = local[i] - global[i];
            double[] released = privacy.release(delta, decision);
            if (start.secure().enabled()) {
                // Nothing about this agent alone leaves in a secure round: no loss, time or epsilon,
                // only keys now and a masked input later.
                // Distributed DP: the noise is added here, by this agent, before masking.
                var started = SecureSession.start(config.id(), start.runId(), start.round(), start.secure(), released,
                        joined.trainSamples(), secureRandom, decision.distributed(), privacy.random());
                if (started.clipped()) {
                    log.info("agent {}: round {}'s delta clipped to the secure aggregation bound {}", config.id(),
                            start.round(), start.secure().bound());
                }
                secure = started.session();
                reply(started.keys());
                updatesSent.incrementAndGet();
                return;
            }
            double trainLoss = decision.dp() || config.policy().noisedAggregates() ? 0 : engine.meanTrainLoss(local, start.shape());
            boolean unclipped = privacy.unclipped(delta, decision);
            boolean coarse = config.policy().noisedAggregates();
            // Training time grows with the row count: a DP-only agent does not report it (0).
            double seconds = coarse ? 0 : (System.nanoTime() - began) / 1e9;
            // The run's epsilon depends on the row count too (record mode): a DP-only agent reports it
            // rounded up to 0.001, a documented public value, never below what it spent.
            double epsilon = coarse ? Math.ceil(decision.runEpsilon() * 1000) / 1000 : decision.runEpsilon();
            // The FedAvg weight is the row count the JOIN released (noised there when the policy says so).
            // SCAFFOLD (never in a DP round): the change of this agent's control variate, option II.
            Weights control = scaffold
                    ? Weights.of(controls.advance(start.runId(), procedure.control().toArray(), global, local,
                            engine.localSteps(start.training()), start.training().learningRate()))
                    : Weights.zeros(0);
            answered(start, new ModelUpdate(start.runId(), start.round(), config.id(), Weights.of(released),
                    joined.trainSamples(), Double.isFinite(trainLoss) ? trainLoss : 0, epsilon, seconds, Weights.zeros(0),
                    Weights.zeros(0), control, unclipped));
            updatesSent.incrementAndGet();
        } finally {
            moveTo(AgentState.READY);
        }
    }

    /**
     * Federated Newton: no local training; the gradient (and, when asked, the curvature) of the
     * summed loss at the global weights, as {@link AgentPrivacy#releaseNewton} lets them leave.
     * The delta is all zeros: the coordinator takes its step from the sums.
     */
    private void sendNewtonSums(RoundStart start, AgentPrivacy.Decision decision, double[] global, long began) {
        boolean record = decision.recordLevel();
        boolean curvature = start.training().procedure().curvature();
        AgentPrivacy.NewtonRelease released;
        try {
            NewtonSums sums = engine.newtonSums(global, start.shape(), record ? decision.clipNorm() : 0,
                    !curvature ? NewtonSums.Curvature.NONE : record ? NewtonSums.Curvature.GRAM : NewtonSums.Curvature.HESSIAN);
            released = privacy.releaseNewton(start.runId(), start.round(), sums, decision, curvature);
        } catch (UnsupportedOperationException e) {
            reply(new ErrorMessage(start.runId(), start.round(), config.id(), ErrorMessage.BAD_REQUEST, e.getMessage()));
            return;
        } catch (LedgerException e) {
            refuse(start, ErrorMessage.BUDGET_EXHAUSTED, "the privacy ledger cannot be written, so nothing is released: "
                    + e.getMessage(), true);
            return;
        }
        boolean coarse = config.policy().noisedAggregates();
        // As for SGD rounds: no exact loss in DP rounds or under a DP-only policy.
        double trainLoss = decision.dp() || coarse ? 0 : engine.meanTrainLoss(global, start.shape());
        double seconds = coarse ? 0 : (System.nanoTime() - began) / 1e9;
        double epsilon = coarse ? Math.ceil(decision.runEpsilon() * 1000) / 1000 : decision.runEpsilon();
        answered(start, new ModelUpdate(start.runId(), start.round(), config.id(), Weights.zeros(global.length),
                joined.trainSamples(), Double.isFinite(trainLoss) ? trainLoss : 0, epsilon, seconds,
                Weights.of(released.gradient()), Weights.of(released.curvature()), Weights.zeros(0)));
        updatesSent.incrementAndGet();
    }

    private void answered(RoundStart start, ModelUpdate update) {
        answeredStart = start;
        answeredUpdate = update;
        reply(update);
    }

    /** Why this round may not run as part of its run, or null when it may. */
    private String checkRun(RoundStart start) {
        if (start.runId().equals(distrustedRun)) {
            return "this agent no longer takes part in run " + distrustedRun + " (it was sent a model other than the one it evaluated)";
        }
        if (!openRun.isEmpty() && !start.runId().equals(openRun)) {
            // A coordinator switching ids mid-run would pass as two runs, each within its own plan.
            // A new run starts at round 1, though, and its STOP or final model may have been lost
            // with a connection: that ends the old run here (the lifetime budget binds both).
            if (start.round() != 1) {
                return "round " + start.round() + " names run " + start.runId() + " while run " + openRun
                        + " has not ended (no STOP or final model received): a run id may not change mid-run";
            }
            lifecycle.info("agent {}: run {} starts while run {} had not ended here; taking that run as over", config.id(),
                    start.runId(), openRun);
            endRun("superseded by " + start.runId());
        }
        if (start.runId().equals(openRun) && start.round() <= lastTrainedRound) {
            return "round " + start.round() + " of run " + openRun + " comes after round " + lastTrainedRound
                    + ": rounds only move forward";
        }
        // Only the very next round must start from the model evaluated: with client sampling an
        // agent may sit out rounds, whose models it never saw, before it is drawn again.
        if (start.runId().equals(openRun) && evaluatedRound == lastTrainedRound && evaluatedModel != null
                && start.round() == evaluatedRound + 1 && !evaluatedModel.equals(start.global())) {
            distrustedRun = openRun;
            return "round " + start.round() + " starts from a global model other than the one this agent evaluated for"
                    + " round " + evaluatedRound + ": the coordinator asked to evaluate a model the run did not produce";
        }
        return null;
    }

    private void refuse(RoundStart start, String code, String reason, boolean enterRefused) {
        log.error("agent {}: refusing round {} of {}: {}", config.id(), start.round(), start.runId(), reason);
        if (enterRefused && state == AgentState.READY) {
            if (openRun.isEmpty()) openRun = start.runId();
            moveTo(AgentState.REFUSED);
        }
        reply(new ErrorMessage(start.runId(), start.round(), config.id(), code, reason));
    }

    /** The coordinator's next request of this round's secure aggregation: answered by the session, or refused. */
    private void onSecureRequest(Message request) {
        if (secure == null || !request.runId().equals(openRun)) {
            reject(request.type().name(), "no secure aggregation in progress for run " + request.runId() + " round "
                    + request.round());
            return;
        }
        Message answer;
        try {
            answer = secure.answer(request);
        } catch (SecAggException | IllegalArgumentException e) {
            // This round is lost for this agent; the coordinator hears why and counts it as a dropout.
            reject(request.type().name(), e.getMessage());
            reply(new ErrorMessage(request.runId(), request.round(), config.id(), ErrorMessage.BAD_REQUEST,
                    "secure aggregation: " + e.getMessage()));
            secure = null;
            return;
        }
        if (secure.done()) secure = null;
        reply(answer);
    }

    private void onEvaluate(Evaluate evaluate) {
        if (state == AgentState.READY && answeredEvaluation != null && evaluate.equals(answeredEvaluate)
                && evaluate.runId().equals(openRun)) {
            reply(answeredEvaluation); // asked again word for word: the same counts, nothing new
            return;
        }
        String problem = null;
        if (state != AgentState.READY) problem = "EVALUATE while " + state;
        else if (standardization == null) problem = "EVALUATE before any ROUND_START: no standardisation known";
        else if (!evaluate.runId().equals(openRun)) problem = "EVALUATE for run " + evaluate.runId() + ", but the run in progress is '" + openRun + "'";
        else if (evaluate.round() != lastTrainedRound) {
            problem = "EVALUATE for round " + evaluate.round() + ", but this agent last trained in round " + lastTrainedRound
                    + " (one evaluation per round it took part in)";
        } else if (evaluatedRound == evaluate.round()) problem = "a second EVALUATE for round " + evaluate.round();
        if (problem != null) {
            reject("EVALUATE", problem);
            reply(new ErrorMessage(evaluate.runId(), evaluate.round(), config.id(), ErrorMessage.BAD_REQUEST, problem));
            return;
        }
        evaluatedRound = evaluate.round();
        evaluatedModel = evaluate.global();
        moveTo(AgentState.EVALUATING);
        try {
            EvaluationCounts counts;
            try {
                counts = privacy.aggregates().evaluation(evaluate.runId(), evaluate.round(),
                        engine.evaluate(evaluate.global().toArray(), evaluate.shape()));
            } catch (LedgerException e) {
                reply(new ErrorMessage(evaluate.runId(), evaluate.round(), config.id(), ErrorMessage.BUDGET_EXHAUSTED,
                        e.getMessage()));
                return;
            }
            answeredEvaluate = evaluate;
            answeredEvaluation = new EvalResult(evaluate.runId(), evaluate.round(), config.id(), counts.confusionList(),
                    counts.lossSum(), counts.n());
            reply(answeredEvaluation);
        } finally {
            moveTo(AgentState.READY);
        }
    }

    private void onGlobalModel(GlobalModel model) {
        if (!model.runId().equals(openRun)) {
            reject("GLOBAL_MODEL", "final model of run " + model.runId() + ", but the run in progress is '" + openRun + "'");
            return;
        }
        if (evaluatedModel != null && !evaluatedModel.equals(model.weights())) {
            log.warn("agent {}: the final model of run {} is not the model it evaluated for round {}", config.id(),
                    model.runId(), evaluatedRound);
        }
        finalModel = model.weights();
        lifecycle.info("agent {}: run {} ended {}; final model received", config.id(), model.runId(), model.outcome());
        endRun("ended " + model.outcome());
    }

    private void onStop(Stop stop) {
        if (!stop.runId().equals(openRun)) {
            // A STOP for a run this agent never trained in (e.g. one that failed before its first
            // round) ends nothing here.
            lifecycle.info("agent {}: run {} stopped: {}", config.id(), stop.runId(), stop.reason());
            return;
        }
        lifecycle.info("agent {}: run {} stopped: {}", config.id(), stop.runId(), stop.reason());
        endRun("stopped");
    }

    /** The run in progress is over: a new run id may start, and a refusal of this run is lifted. */
    private void endRun(String why) {
        if (!openRun.isEmpty()) log.debug("agent {}: run {} {}", config.id(), openRun, why);
        openRun = "";
        controls.forget();
        secure = null;
        answeredStart = null;
        answeredUpdate = null;
        answeredEvaluate = null;
        answeredEvaluation = null;
        lastTrainedRound = 0;
        evaluatedRound = 0;
        evaluatedModel = null;
        if (state == AgentState.REFUSED && !joinRefused) moveTo(AgentState.READY);
    }

    private void reject(String type, String why) {
        rejectedMessages.incrementAndGet();
        log.warn("agent {}: rejected {} from the coordinator: {}", config.id(), type, why);
    }

    private void onRejectedPayload(Rejected r) {
        rejectedMessages.incrementAndGet();
        log.warn("agent {}: dropped a payload from {} ({}): {}", config.id(), r.from(), r.reason(), r.detail());
    }

    private void sendHeartbeat() {
        AgentState now = publicState;
        if (now == AgentState.JOINING || now == AgentState.STOPPED) return;
        try {
            endpoint.send(config.coordinator(), new Heartbeat(runId, round, config.id(), now.name()));
        } catch (TransportException e) {
            // While disconnected every tick fails alike, and the reconnection sends one anyway: the
            // transport already logs the outage once, so a line per second here would only be noise.
            if (e.isNotConnected()) log.debug("agent {}: heartbeat not sent: {}", config.id(), e.getMessage());
            else log.warn("agent {}: could not send HEARTBEAT: {}", config.id(), e.getMessage());
        }
    }

    private void sendJoin() {
        if (joined == null) {
            try {
                joined = privacy.aggregates().join(engine.schema(), engine.trainSize(), engine.testSize(), engine.trainStats());
            } catch (LedgerException e) {
                // Nothing leaves: without a durable charge the statistics stay here, and so does the agent.
                log.error("agent {}: cannot join: {}", config.id(), e.getMessage());
                joinRefused = true;
                if (state == AgentState.JOINING) moveTo(AgentState.REFUSED);
                return;
            }
        }
        // The time before the send: once the JOIN is on the wire the clock may already have moved
        // on, and reading it afterwards would put the next resend a whole interval too late.
        long sentAt = timers.nowMillis();
        boolean sent = reply(new Join("", 0, config.id(), incarnation, engine.schema().fingerprint(), engine.kind(),
                joined.trainSamples(), joined.testSamples(), joined.stats()));
        if (sent) lastJoinMillis = sentAt;
    }

    /** Re-encodes local data when the run's global standardisation changes. */
    private void prepare(Standardization next) {
        if (next.equals(standardization)) return;
        engine.prepare(next);
        standardization = next;
    }

    static String localName(String address) {
        int at = address.indexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    private boolean reply(Message message) {
        try {
            endpoint.send(config.coordinator(), message);
            return true;
        } catch (TransportException e) {
            // A JOIN before the connection is up is expected (the engine starts first, and the
            // connection sends one once up); with 1,000 agents in one JVM a line each is only noise.
            if (message instanceof Join && e.isNotConnected()) {
                log.debug("agent {}: JOIN not sent yet: {}", config.id(), e.getMessage());
            } else {
                log.warn("agent {}: could not send {}: {}", config.id(), message.type(), e.getMessage());
            }
            return false;
        }
    }

    private void moveTo(AgentState next) {
        if (next == state) return;
        if (!state.next().contains(next)) {
            throw new IllegalStateException("agent " + config.id() + ": illegal move " + state + " -> " + next);
        }
        state = next;
        publicState = next;
    }
}
