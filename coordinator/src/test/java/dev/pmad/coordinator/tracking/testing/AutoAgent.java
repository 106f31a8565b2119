package dev.pmad.coordinator.tracking.testing;

import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Weights;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import dev.pmad.transport.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent that answers by itself, as fast as the coordinator asks: a fixed update per round, a
 * fixed evaluation, so a federation runs to the end without a test driving each step. It can go
 * silent (to leave a run stuck for a Stop) or refuse a round for lack of budget (to fail a run).
 */
public final class AutoAgent {
    public final String id;
    private final Endpoint endpoint;
    private final String coordinator;
    private volatile boolean silent;
    private final List<Message> held = new ArrayList<>(); // guarded by this
    private boolean holding; // guarded by this
    private volatile int refuseRound = Integer.MAX_VALUE;
    volatile boolean acknowledged;

    AutoAgent(InMemoryNetwork network, String id, String coordinator) {
        this.id = id;
        this.coordinator = coordinator;
        this.endpoint = new Endpoint(network.connect(id), new MessageCodec());
        endpoint.setListener(new Endpoint.Listener() {
            @Override
            public void onMessage(Message message) {
                synchronized (AutoAgent.this) {
                    if (holding) {
                        held.add(message);
                        return;
                    }
                }
                answer(message);
            }

            @Override
            public void onRejected(String from, String reason, String detail) {
                throw new AssertionError("agent " + id + " got a bad payload: " + detail);
            }
        });
    }

    void join(String fingerprint, FeatureStats stats) {
        send(new Join("", 0, id, Join.newIncarnation(), fingerprint, "scripted", 10, 10, stats));
    }

    /** Stops answering: the current round waits for this agent. */
    public void goSilent() {
        silent = true;
    }

    /** Answers again after {@link #goSilent()}. */
    public void resume() {
        silent = false;
    }

    /** Keeps what arrives unanswered until {@link #release()}: the run waits, nothing fails. */
    public synchronized void hold() {
        holding = true;
    }

    /** Answers everything held, then answers as it comes again. */
    public void release() {
        List<Message> pending;
        synchronized (this) {
            holding = false;
            pending = List.copyOf(held);
            held.clear();
        }
        pending.forEach(this::answer);
    }

    /** Answers round {@code round}'s start with BUDGET_EXHAUSTED, which fails the run. */
    public void refuseRound(int round) {
        refuseRound = round;
    }

    private void answer(Message message) {
        if (message instanceof JoinAck) acknowledged = true;
        if (silent) return;
        if (message instanceof RoundStart start) {
            if (start.round() >= refuseRound) {
                send(new ErrorMessage(start.runId(), start.round(), id, ErrorMessage.BUDGET_EXHAUSTED, "scripted refusal"));
                return;
            }
            double step = 0.1 * start.round();
            send(new ModelUpdate(start.runId(), start.round(), id, Weights.of(step, 0, -step, 0), 10,
                    1.0 / start.round(), 0, 0.01));
        } else if (message instanceof Evaluate e) {
            long correct = 7 + Math.min(3, e.round());
            send(new EvalResult(e.runId(), e.round(), id, List.of(correct / 2, 0L, 10 - correct, correct - correct / 2),
                    0.5 * 10 / e.round(), 10));
        }
    }

    private void send(Message message) {
        try {
            endpoint.send(coordinator, message);
        } catch (TransportException e) {
            throw new AssertionError(e);
        }
    }
}
