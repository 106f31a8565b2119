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

    /** Sets the single receiver of incoming payloads and connection changes. */
    void setListener(Listener listener);

    @Override
    void close();

    /** Callbacks from the transport's threads. Implementations must not block. */
    interface Listener {
        void onPayload(String from, String payload);

        /** The connection went down ({@code false}) or came back ({@code true}). */
        default void onConnectionChanged(boolean connected) {}
    }
}
