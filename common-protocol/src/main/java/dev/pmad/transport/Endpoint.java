package dev.pmad.transport;

import dev.pmad.protocol.Message;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ProtocolException;
import java.util.Objects;

/**
 * Typed messages over a {@link Transport}: encodes outgoing messages, decodes and validates
 * incoming payloads, and refuses a message whose declared sender is not the address it arrived
 * from (the transport's address is authenticated; the JSON field is not).
 */
public final class Endpoint implements AutoCloseable {
    private final Transport transport;
    private final MessageCodec codec;

    public Endpoint(Transport transport, MessageCodec codec) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public String address() {
        return transport.address();
    }

    public void send(String to, Message message) throws TransportException {
        if (!message.sender().equals(transport.address())) {
            throw new IllegalArgumentException("message sender " + message.sender()
                    + " is not this endpoint's address " + transport.address());
        }
        transport.send(to, codec.encode(message));
    }

    public void setListener(Listener listener) {
        transport.setListener(new Transport.Listener() {
            @Override
            public void onPayload(String from, String payload) {
                Message message;
                try {
                    message = codec.decode(payload);
                } catch (ProtocolException e) {
                    listener.onRejected(from, e.reason(), e.getMessage());
                    return;
                }
                if (!message.sender().equals(from)) {
                    listener.onRejected(from, "spoofed-sender", "message claims sender "
                            + message.sender() + " but arrived from " + from);
                    return;
                }
                listener.onMessage(message);
            }

            @Override
            public void onConnectionChanged(boolean connected) {
                listener.onConnectionChanged(connected);
            }
        });
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Receives decoded messages and rejections on the transport's thread; must not block. */
    public interface Listener {
        void onMessage(Message message);

        void onRejected(String from, String reason, String detail);

        default void onConnectionChanged(boolean connected) {}
    }
}
