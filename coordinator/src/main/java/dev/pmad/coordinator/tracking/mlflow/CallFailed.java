package dev.pmad.coordinator.tracking.mlflow;

/**
 * One MLflow call that did not succeed, with whether trying again could help: a timeout, a
 * refused connection or a 5xx/429 may pass; a 4xx answer will not.
 */
final class CallFailed extends Exception {
    private final boolean retryable;
    private final String errorCode;

    CallFailed(String message, boolean retryable, String errorCode, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.errorCode = errorCode == null ? "" : errorCode;
    }

    boolean retryable() {
        return retryable;
    }

    /** MLflow's {@code error_code} ({@code RESOURCE_ALREADY_EXISTS}...), or empty. */
    String errorCode() {
        return errorCode;
    }
}
