package dev.pmad.coordinator;

import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Weights;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.InMemoryNetwork;
import dev.pmad.transport.TransportException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hand-driven agent for coordinator tests: records what it receives, sends what the test says. */
final class ScriptedAgent {
    final String id;
    final Endpoint endpoint;
    final List<Message> received = new CopyOnWriteArrayList<>();
    /** As a real agent's: one per process start; {@link #restart()} draws another. */
    private volatile String incarnation = Join.newIncarnation();

    ScriptedAgent(InMemoryNetwork network, String id) {
        this.id = id;
        this.endpoint = new Endpoint(network.connect(id), new MessageCodec());
        endpoint.setListener(new Endpoint.Listener() {
            @Override
            public void onMessage(Message message) {
                received.add(message);
            }

            @Override
            public void onRejected(String from, String reason, String detail) {
                throw new AssertionError("agent " + id + " got a bad payload: " + detail);
            }
        });
    }

    /** Sends a JOIN; sent again without {@link #restart()}, it is a resend of the same incarnation. */
    void join(String fingerprint, int samples, FeatureStats stats) {
        send(new Join("", 0, id, incarnation, fingerprint, "scripted", samples, 10, stats));
    }

    /** Plays a restart of the agent's process: its next JOIN carries a new incarnation. */
    void restart() {
        incarnation = Join.newIncarnation();
    }

    void send(Message message) {
        try {
            endpoint.send(CoordinatorTestSupport.COORDINATOR, message);
        } catch (TransportException e) {
            throw new AssertionError(e);
        }
    }

    <T extends Message> List<T> receivedOf(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    RoundStart lastRoundStart() {
        var starts = receivedOf(RoundStart.class);
        return starts.isEmpty() ? null : starts.get(starts.size() - 1);
    }

    /** Replies to the latest ROUND_START with the given delta. */
    void update(double... delta) {
        RoundStart start = lastRoundStart();
        send(new ModelUpdate(start.runId(), start.round(), id, Weights.of(delta), 10, 0.5, 0, 0.01));
    }
}
