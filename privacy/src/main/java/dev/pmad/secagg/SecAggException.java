package dev.pmad.secagg;

/**
 * A protocol violation or a round that can no longer finish. The message names the agent and
 * says what was wrong; {@link #reason()} lets the caller count refusals by kind. The object that
 * threw stays usable for the other agents unless the reason is {@link Reason#BELOW_THRESHOLD}
 * or {@link Reason#KEY_MISMATCH} (the round cannot finish).
 */
public final class SecAggException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** The message carries another run id than this round's. */
        WRONG_RUN,
        /** The message carries another round number than this round's. */
        WRONG_ROUND,
        /** The message arrived in a phase where it is not expected (too early or too late). */
        WRONG_PHASE,
        /** The sender or addressee is not an invitee of this round, or not in the roster. */
        UNKNOWN_AGENT,
        /** The same message (or a second one of the same kind) from the same agent. */
        DUPLICATE,
        /** A public key that is not an X25519 key in X.509 encoding, or two agents share one. */
        BAD_KEY,
        /** An agent's advert differs between the phases (e.g. the roster changed it). */
        ADVERT_CHANGED,
        /** An encrypted share failed AES-GCM authentication or is malformed. */
        BAD_SHARE,
        /** A reconstructed mask key does not match the public key its owner advertised. */
        KEY_MISMATCH,
        /** A request or reply would reveal both the self-mask seed and the mask key of one agent. */
        REVEAL_BOTH,
        /** An unmask reply that does not answer the request (shares missing or not asked for). */
        BAD_REPLY,
        /** A vector of the wrong length. */
        WRONG_LENGTH,
        /** Too few agents left for the threshold: the round cannot finish. */
        BELOW_THRESHOLD
    }

    private final Reason reason;

    public SecAggException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public SecAggException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
