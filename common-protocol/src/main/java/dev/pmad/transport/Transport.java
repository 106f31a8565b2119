package dev.pmad.transport;

/**
 * A connection to the federation's message bus, seen as addressed text payloads.
 *
 * <p>Implementations deliver payloads to the listener on their own threads; listeners must only
 * enqueue work and return. {@link #send} never blocks on the receiver, and failures to send are
 * reported as {@link TransportException}, never silently dropped.
 */
public interface Transport extends AutoCloseable {

    /** This endpoint's own address (a bare JID over XMPP). */
    String address();

    /** Sends one payload to {@code to}; large payloads may be chunked by the implementation. */
    void send(String to, String payload) throws TransportException;

    /**
     * What the transport itself dropped before any listener saw it, by reason (e.g. chunks of a
     * transfer given up); counts since start, for metrics. None by default.
     */
    default java.util.Map<String, Long> droppedCounts() {
        return java.util.Map.of();
    }

    /** Sets the single receiver of incoming payloads and connection changes. */
    void setListener(Listener listener);

    @Override
    void close();

    /** Callbacks from the transport's threads. Implementations must not block. */
    interface Listener {
        void onPayload(String from, String payload);

        /** The connection went down ({@code false}) or came back ({@code true}). */
        default void onConnectionChanged(boolean connected) {}

        /**
         * Whether to read what {@code from} sends at all. Asked before any work on a payload
         * (chunk reassembly, decoding), so a sender the receiver does not know costs it a lookup:
         * must be cheap, thread-safe and non-blocking. By default everyone is read.
         */
        default boolean admits(String from) {
            return true;
        }

        /**
         * A stanza from a sender {@link #admits} refused, dropped unread; {@code kind} says what it
         * was ({@code "message"} or {@code "chunk"}). Must only count or enqueue.
         */
        default void onRefused(String from, String kind) {}
    }
}
