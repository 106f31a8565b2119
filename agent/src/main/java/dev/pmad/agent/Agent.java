package dev.pmad.agent;

import dev.pmad.agent.data.Seeds;
import dev.pmad.agent.engine.InMemoryEngine;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.privacy.AgentPrivacy;
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
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Stop;
import dev.pmad.protocol.Weights;
import dev.pmad.time.Timers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.TransportException;
import java.util.Objects;
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
 * <p><b>Lifecycle.</b> JOINING (JOIN re-sent until acknowledged) -> READY -> TRAINING / EVALUATING
 * per request -> READY. A refused JOIN (schema mismatch) or an exhausted privacy budget puts the
 * agent in REFUSED. A coordinator that no longer knows us (it restarted) sends the agent back to
 * JOINING; after a reconnection the agent only sends a heartbeat, which such a coordinator
 * answers with "rejoin".
 *
 * <p><b>Privacy.</b> Nothing derived from local data leaves except through {@link #onRoundStart}
 * (a delta processed by {@link AgentPrivacy}, which fails closed) and {@link #onEvaluate}
 * (aggregate counts). Only messages from the configured coordinator address are obeyed.
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

    // Owned by the loop thread.
    private AgentState state = AgentState.JOINING;
    // Written by the loop, read by the heartbeat timer.
    private volatile String runId = "";
    private volatile int round;
    private long lastJoinMillis = Long.MIN_VALUE / 2; // no JOIN sent yet
    private Standardization standardization;
    private final AgentPrivacy privacy;
    private volatile Weights finalModel;

    /** An agent whose data is in this JVM, trained by {@code trainerFactory}. */
    public Agent(AgentConfig config, LocalData data, TrainerFactory trainerFactory, Endpoint endpoint, Timers timers) {
        this(config, new InMemoryEngine(data, trainerFactory), endpoint, timers);
    }

    /** An agent on any engine; {@link #close} closes the engine too. */
    public Agent(AgentConfig config, LocalEngine engine, Endpoint endpoint, Timers timers) {
        this.config = Objects.requireNonNull(config, "config");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.privacy = new AgentPrivacy(config.epsilonCap(), config.clipNormCap());
        this.loop = new EventLoop<>("agent-" + config.id(), new EventLoop.Handler<>() {
            @Override
            public void handle(Event event) {
                Agent.this.handle(event);
            }

            @Override
            public void failed(Event event, RuntimeException e) {
                // One bad event must not kill the agent; the coordinator times the round out.
                log.error("agent {}: error while handling {}: {}", config.id(), event.getClass().getSimpleName(), e.toString(), e);
                moveTo(AgentState.READY);
            }

            @Override
            public void stopped() {
                moveTo(AgentState.STOPPED);
            }
        });
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

    public long updatesSent() {
        return updatesSent.get();
    }

    public long rejectedMessages() {
        return rejectedMessages.get();
    }

    /** The last final model the coordinator published, or null. */
    public Weights finalModel() {
        return finalModel;
    }

    @Override
    public void close() {
        loop.stop();
        endpoint.close();
        engine.close();
    }

    private void handle(Event event) {
        if (event instanceof Incoming e) onMessage(e.message());
        else if (event instanceof Rejected e) onRejectedPayload(e);
        else if (event instanceof JoinRetry) {
            // The timer ticks on its own schedule: right after the JOIN sent on connecting, a tick
            // would send a duplicate that can reach the coordinator mid-round and read as a restart.
            if (state == AgentState.JOINING && timers.nowMillis() - lastJoinMillis >= config.joinRetryInterval().toMillis()) {
                sendJoin();
            }
        } else if (event instanceof Connection e) {
            if (!e.up() || state == AgentState.REFUSED) return;
            if (state == AgentState.JOINING) {
                sendJoin();
            } else {
                // Back after a dropped connection, still joined as far as we know. A JOIN now would
                // read as a restart and cost us the round in progress; a heartbeat refreshes our
                // liveness, and a coordinator that forgot us meanwhile answers it with "rejoin".
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
        else if (message instanceof ErrorMessage error) log.warn("agent {}: coordinator reports {}: {}", config.id(), error.code(), error.detail());
        else if (message instanceof Heartbeat) { /* liveness only */ }
        else {
            rejectedMessages.incrementAndGet();
            log.warn("agent {}: ignored unexpected {} from the coordinator", config.id(), message.type());
        }
    }

    private void onJoinAck(JoinAck ack) {
        if (ack.accepted()) {
            if (state == AgentState.JOINING) {
                log.info("agent {}: joined the federation", config.id());
                moveTo(AgentState.READY);
            }
        } else if (ack.reason().startsWith(JoinAck.REJOIN)) {
            // The coordinator does not know us (it restarted): JOIN again.
            log.info("agent {}: coordinator asks to rejoin ({})", config.id(), ack.reason());
            moveTo(AgentState.JOINING);
            sendJoin();
        } else {
            log.error("agent {}: the coordinator refused to let us join: {}", config.id(), ack.reason());
            moveTo(AgentState.REFUSED);
        }
    }

    private void onRoundStart(RoundStart start) {
        if (start.shape().features() != engine.schema().encodedWidth()
                || start.shape().classes() != engine.schema().classes().size()) {
            reply(new ErrorMessage(start.runId(), start.round(), config.id(), ErrorMessage.BAD_REQUEST,
                    "model shape " + start.shape() + " does not match this agent's schema ("
                            + engine.schema().classes().size() + " classes, " + engine.schema().encodedWidth() + " features)"));
            return;
        }
        runId = start.runId();
        round = start.round();
        AgentPrivacy.Decision decision = privacy.beforeRound(start, engine.trainSize());
        if (!decision.allowed()) {
            // Fail closed: nothing about this round's data leaves; the coordinator stops the run.
            log.error("agent {}: refusing round {}: {}", config.id(), start.round(), decision.reason());
            moveTo(AgentState.REFUSED);
            reply(new ErrorMessage(start.runId(), start.round(), config.id(), ErrorMessage.BUDGET_EXHAUSTED, decision.reason()));
            return;
        }
        moveTo(AgentState.TRAINING);
        prepare(start.standardization());
        long began = System.nanoTime();
        double[] global = start.global().toArray();
        // Seeded by the agent's name without the domain, so that "agent-1" in a simulation and
        // "agent-1@pmad.local" over XMPP train identically: the transport must not change the math.
        long seed = Seeds.mix(start.training().seed(), start.round(), Seeds.of(localName(config.id())));
        double[] local = decision.recordLevel()
                ? engine.trainDpSgd(global, start.shape(), start.training(), decision.clipNorm(), decision.noiseMultiplier(),
                        privacy.random())
                : engine.train(global, start.shape(), start.training(), seed);
        double trainLoss = engine.meanTrainLoss(local, start.shape());
        double[] delta = new double[local.length];
        for (int i = 0; i < delta.length; i++) delta[i] = local[i] - global[i];
        double[] released = privacy.release(delta, decision);
        double seconds = (System.nanoTime() - began) / 1e9;
        reply(new ModelUpdate(start.runId(), start.round(), config.id(), Weights.of(released), engine.trainSize(),
                Double.isFinite(trainLoss) ? trainLoss : 0, decision.epsilonAfter(), seconds));
        updatesSent.incrementAndGet();
        moveTo(AgentState.READY);
    }

    private void onEvaluate(Evaluate evaluate) {
        if (standardization == null) {
            reply(new ErrorMessage(evaluate.runId(), evaluate.round(), config.id(), ErrorMessage.BAD_REQUEST,
                    "EVALUATE before any ROUND_START: no standardisation known"));
            return;
        }
        moveTo(AgentState.EVALUATING);
        EvaluationCounts counts = engine.evaluate(evaluate.global().toArray(), evaluate.shape());
        reply(new EvalResult(evaluate.runId(), evaluate.round(), config.id(), counts.confusionList(), counts.lossSum(), counts.n()));
        moveTo(AgentState.READY);
    }

    private void onGlobalModel(GlobalModel model) {
        finalModel = model.weights();
        log.info("agent {}: run {} ended {}; final model received", config.id(), model.runId(), model.outcome());
        if (state != AgentState.REFUSED) moveTo(AgentState.READY);
    }

    private void onStop(Stop stop) {
        log.info("agent {}: run {} stopped: {}", config.id(), stop.runId(), stop.reason());
        if (state == AgentState.REFUSED) moveTo(AgentState.READY);
    }

    private void onRejectedPayload(Rejected r) {
        rejectedMessages.incrementAndGet();
        log.warn("agent {}: dropped a payload from {} ({}): {}", config.id(), r.from(), r.reason(), r.detail());
    }

    private void sendHeartbeat() {
        AgentState now = publicState;
        if (now == AgentState.JOINING || now == AgentState.STOPPED) return;
        reply(new Heartbeat(runId, round, config.id(), now.name()));
    }

    private void sendJoin() {
        boolean sent = reply(new Join("", 0, config.id(), engine.schema().fingerprint(), engine.kind(),
                engine.trainSize(), engine.testSize(), engine.trainStats()));
        if (sent) lastJoinMillis = timers.nowMillis();
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
            log.warn("agent {}: could not send {}: {}", config.id(), message.type(), e.getMessage());
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
