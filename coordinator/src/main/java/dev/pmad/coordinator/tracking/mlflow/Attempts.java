package dev.pmad.coordinator.tracking.mlflow;

import dev.pmad.coordinator.tracking.TrackingSettings.Retry;

/**
 * Runs calls with retries and exponential backoff. Remembers whether the last call ran out of
 * retries: then the next calls try only once, until one succeeds, so a server that is down
 * delays tracking by one backoff cycle rather than one per call. Used on the tracker thread only.
 */
final class Attempts {
    interface Call<T> {
        T run() throws CallFailed, InterruptedException;
    }

    private final Retry policy;
    private boolean reachable = true;

    Attempts(Retry policy) {
        this.policy = policy;
    }

    <T> T run(String what, Call<T> call) throws CallFailed, InterruptedException {
        int attempts = reachable ? policy.attempts() : 1;
        CallFailed last = null;
        for (int i = 1; i <= attempts; i++) {
            try {
                T result = call.run();
                reachable = true;
                return result;
            } catch (CallFailed e) {
                // A 4xx answer came from a reachable server: the request is wrong, not the server.
                if (!e.retryable()) throw new CallFailed(what + ": " + e.getMessage(), false, e.errorCode(), e);
                last = e;
                if (i < attempts) Thread.sleep(policy.backoff(i).toMillis());
            }
        }
        reachable = false;
        throw new CallFailed(what + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + ": " + last.getMessage(), true, last.errorCode(), last);
    }
}
