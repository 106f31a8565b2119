package dev.pmad.agent.data;

/**
 * Input data or schema is unusable. The message is one line a user can act on: it names the file,
 * the line and column (or the option), what was wrong, and what to do.
 */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
