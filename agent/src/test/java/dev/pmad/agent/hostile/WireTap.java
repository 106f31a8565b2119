package dev.pmad.agent.hostile;

import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ProtocolException;
import dev.pmad.transport.Transport;
import dev.pmad.transport.TransportException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every message an agent puts on the wire, before the transport sends it. */
public final class WireTap implements Transport {
    private final Transport inner;
    private final MessageCodec codec = new MessageCodec();
    public final List<Message> sent = new CopyOnWriteArrayList<>();

    public WireTap(Transport inner) {
        this.inner = inner;
    }

    @Override
    public String address() {
        return inner.address();
    }

    @Override
    public void send(String to, String payload) throws TransportException {
        try {
            sent.add(codec.decode(payload));
        } catch (ProtocolException e) {
            throw new AssertionError("the agent sent an undecodable payload", e);
        }
        inner.send(to, payload);
    }

    @Override
    public void setListener(Listener listener) {
        inner.setListener(listener);
    }

    @Override
    public void close() {
        inner.close();
    }

    /** The messages of type {@code type} sent so far. */
    public <T extends Message> List<T> of(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
