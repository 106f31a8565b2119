package dev.pmad.protocol;

/**
 * An incoming payload was refused. {@link #reason()} is a short machine-friendly category used
 * for counting rejections (e.g. {@code malformed}, {@code unknown-field}, {@code oversized});
 * the message says exactly what was wrong.
 */
public final class ProtocolException extends Exception {
    private final String reason;

    public ProtocolException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
