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
    /**
     * The rejection reason for whatever comes from a sender the listener does not {@link
     * Listener#admits admit}: dropped before it is decoded.
     */
    public static final String NOT_ADMITTED = "not-enrolled";

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

    /** What the transport dropped before decoding, by reason: see {@link Transport#droppedCounts}. */
    public java.util.Map<String, Long> transportDrops() {
        return transport.droppedCounts();
    }

    public void setListener(Listener listener) {
        transport.setListener(new Transport.Listener() {
            @Override
            public boolean admits(String from) {
                return listener.admits(from);
            }

            @Override
            public void onRefused(String from, String kind) {
                listener.onRejected(from, NOT_ADMITTED, kind + " from a sender that is not admitted, dropped unread");
            }

            @Override
            public void onPayload(String from, String payload) {
                // Transports that cannot ask first (the in-memory one) are filtered here, still before decoding.
                if (!listener.admits(from)) {
                    listener.onRejected(from, NOT_ADMITTED, "message from a sender that is not admitted, dropped unread");
                    return;
                }
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

        /**
         * Whether to read what {@code from} sends; what is not admitted reaches {@link #onRejected}
         * with {@link #NOT_ADMITTED}, undecoded. Called on transport threads: cheap, thread-safe.
         */
        default boolean admits(String from) {
            return true;
        }
    }
}
