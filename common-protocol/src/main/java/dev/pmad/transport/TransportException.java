package dev.pmad.transport;

/** A payload could not be handed to the network; the message says why and what to check. */
public final class TransportException extends Exception {
    private final boolean notConnected;

    public TransportException(String message) {
        this(message, null, false);
    }

    public TransportException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private TransportException(String message, Throwable cause, boolean notConnected) {
        super(message, cause);
        this.notConnected = notConnected;
    }

    /**
     * The sender is cut off from the network for now (it reconnects by itself and reports it with
     * {@code onConnectionChanged(true)}): the same send may succeed once it is back.
     */
    public static TransportException notConnected(String message, Throwable cause) {
        return new TransportException(message, cause, true);
    }

    /** Whether the send failed only because the sender is disconnected for now (see {@link #notConnected}). */
    public boolean isNotConnected() {
        return notConnected;
    }
}
