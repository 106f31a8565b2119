package dev.pmad.cli.xmpp;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ProtocolException;
import dev.pmad.protocol.RoundStart;
import dev.pmad.transport.TransportException;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.XmppTransport;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client on its own account that speaks the protocol by hand: it can JOIN like an agent, then
 * send the coordinator what no honest agent would. Everything it receives is decoded and queued.
 */
final class Impostor implements AutoCloseable {
    private final XmppTransport transport;
    private final String coordinator;
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private Thread player;

    Impostor(XmppSettings settings, String coordinator) throws InterruptedException {
        this.coordinator = coordinator;
        this.transport = new XmppTransport(settings);
        transport.setListener((from, payload) -> {
            try {
                inbox.add(codec.decode(payload));
            } catch (ProtocolException e) {
                throw new AssertionError("the coordinator sent an invalid message: " + e.getMessage(), e);
            }
        });
        transport.start();
        if (!transport.awaitConnected(Parties.DEADLINE)) {
            throw new AssertionError(settings.jid() + " not connected: " + transport.lastFailure());
        }
    }

    /** Everything received and not yet taken by {@link #next}, in order. */
    java.util.List<Message> received() {
        return java.util.List.copyOf(inbox);
    }

    String jid() {
        return transport.address();
    }

    /** Sends {@code payload} to the coordinator as it is, valid or not. */
    void sendRaw(String payload) throws TransportException {
        transport.send(coordinator, payload);
    }

    void send(Message message) throws TransportException {
        sendRaw(codec.encode(message));
    }

    /** JOINs with the statistics of {@code data} under the shared schema, as an agent would, and waits to be accepted. */
    void join(LocalData data) throws Exception {
        send(new Join("", 0, jid(), Join.newIncarnation(), data.schema().fingerprint(), "impostor", data.train().size(), data.test().size(),
                FeatureEncoder.stats(data.train())));
        JoinAck ack = next(JoinAck.class);
        if (!ack.accepted()) throw new AssertionError("JOIN refused: " + ack.reason());
    }

    /** The next message of {@code type}, skipping others; fails the test after the deadline. */
    <T extends Message> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + Parties.DEADLINE.toNanos();
        while (true) {
            Message m = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) throw new AssertionError("no " + type.getSimpleName() + " within " + Parties.DEADLINE.toSeconds() + " s");
            if (type.isInstance(m)) return type.cast(m);
        }
    }

    /**
     * From now on, on its own thread: answers every ROUND_START by running {@code inRound} and
     * then reporting an error, and every EVALUATE with an error, so that rounds never wait for it.
     */
    void playAlong(RoundAction inRound) {
        player = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Message m = inbox.take();
                    if (m instanceof RoundStart start) {
                        inRound.act(start);
                        send(new ErrorMessage(start.runId(), start.round(), jid(), ErrorMessage.TRAINING_FAILED, "impostor"));
                    } else if (m instanceof Evaluate e) {
                        send(new ErrorMessage(e.runId(), e.round(), jid(), ErrorMessage.BAD_REQUEST, "impostor"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException("impostor " + jid() + " failed to play along", e);
            }
        }, "impostor-" + jid());
        player.setDaemon(true);
        player.start();
    }

    /** What the impostor does when a round starts, before it reports an error. */
    @FunctionalInterface
    interface RoundAction {
        void act(RoundStart start) throws Exception;
    }

    @Override
    public void close() {
        if (player != null) player.interrupt();
        transport.close();
    }
}
