package dev.pmad.agent.hostile;

import static org.awaitility.Awaitility.await;

import dev.pmad.protocol.ErrorMessage;
import dev.pmad.protocol.EvalResult;
import dev.pmad.protocol.Evaluate;
import dev.pmad.protocol.GlobalModel;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Stop;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.Transport;
import dev.pmad.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A coordinator that follows no rules: a test scripts what it sends, message by message, and
 * reads what the agent answered. Works over any transport (in memory or a real XMPP account).
 */
public final class ScriptedCoordinator implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final Endpoint endpoint;
    private final String agent;
    public final List<Message> received = new CopyOnWriteArrayList<>();
    /** Payloads that did not decode or came from a spoofed sender; a test expects none. */
    public final List<String> rejected = new CopyOnWriteArrayList<>();
    private ModelShape shape;
    private Standardization standardization;

    public ScriptedCoordinator(Transport transport, String agent) {
        this.endpoint = new Endpoint(transport, new MessageCodec());
        this.agent = agent;
        endpoint.setListener(new Endpoint.Listener() {
            @Override
            public void onMessage(Message message) {
                received.add(message);
            }

            @Override
            public void onRejected(String from, String reason, String detail) {
                rejected.add(from + ": " + reason + ": " + detail);
            }
        });
    }

    public String address() {
        return endpoint.address();
    }

    /** Waits for the agent's JOIN, accepts it and fixes the shape and standardisation from it. */
    public Join acceptJoin(ModelShape shape) {
        Join join = awaitMessage(Join.class, j -> true);
        this.shape = shape;
        this.standardization = Standardization.combine(List.of(join.stats()));
        send(new JoinAck("", 0, address(), true, "welcome"));
        return join;
    }

    public ModelShape shape() {
        return shape;
    }

    public RoundStart roundStart(String run, int round, int target, Weights global, TrainingParams training, PrivacyParams privacy) {
        return new RoundStart(run, round, address(), target, shape, global, standardization, training, privacy);
    }

    /** A ROUND_START of a secure round. */
    public RoundStart roundStart(String run, int round, int target, Weights global, TrainingParams training,
                                 PrivacyParams privacy, dev.pmad.protocol.SecureAggregation secure) {
        return new RoundStart(run, round, address(), target, shape, global, standardization, training, privacy, secure);
    }

    /** Sends {@code start} and waits for the agent's answer to it: an update, its secure aggregation keys or an error. */
    public Message round(RoundStart start) {
        int before = received.size();
        send(start);
        return awaitAnswer(before, start.runId(), start.round());
    }

    /** Sends ROUND_START and waits for the agent's answer to it: an update or an error. */
    public Message round(String run, int round, int target, Weights global, TrainingParams training, PrivacyParams privacy) {
        int before = received.size();
        send(roundStart(run, round, target, global, training, privacy));
        return awaitAnswer(before, run, round);
    }

    /** Sends EVALUATE and waits for the agent's answer: counts or an error. */
    public Message evaluate(String run, int round, Weights model) {
        int before = received.size();
        send(new Evaluate(run, round, address(), shape, model));
        return awaitAnswer(before, run, round);
    }

    public void stop(String run, int round) {
        send(new Stop(run, round, address(), "scripted stop"));
    }

    public void finalModel(String run, int round, Weights model) {
        send(new GlobalModel(run, round, address(), shape, model, "COMPLETED"));
    }

    public void send(Message message) {
        try {
            endpoint.send(agent, message);
        } catch (TransportException e) {
            throw new AssertionError("could not send " + message.type() + " to " + agent, e);
        }
    }

    public <T extends Message> T awaitMessage(Class<T> type, Predicate<T> matching) {
        return type.cast(await().atMost(WAIT).until(() -> received.stream().filter(type::isInstance)
                .map(type::cast).filter(matching).findFirst().orElse(null), m -> m != null));
    }

    private Message awaitAnswer(int after, String run, int round) {
        return await().atMost(WAIT).until(() -> received.subList(after, received.size()).stream()
                .filter(m -> m.runId().equals(run) && m.round() == round
                        && (m instanceof ModelUpdate || m instanceof EvalResult || m instanceof ErrorMessage
                                || m instanceof dev.pmad.protocol.SecAggKeys))
                .findFirst().orElse(null), m -> m != null);
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
