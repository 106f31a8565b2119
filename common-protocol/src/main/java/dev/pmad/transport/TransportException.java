package dev.pmad.transport;

/** A payload could not be handed to the network; the message says why and what to check. */
public final class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
