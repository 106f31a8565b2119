package dev.pmad.coordinator.tracking.mlflow;

import dev.pmad.coordinator.tracking.TrackingSettings.Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The MLflow Java client with a deadline on every call.
 *
 * <p>The client's HTTP connections have no socket timeout, so a server that accepts and never
 * answers would block its caller forever. Each call therefore runs on a helper thread; past the
 * deadline the caller gives up, closes that client (closing its sockets ends the blocked read)
 * and the next call gets a new client. The client also retries HTTP errors three times by itself,
 * without pause; {@link Attempts} adds the backoff between those bursts.
 */
final class MlflowConnection implements AutoCloseable {
    private final URI trackingUri;
    private final Credentials credentials;
    private final Duration timeout;
    private final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pmad-mlflow-call");
        t.setDaemon(true);
        return t;
    });
    private MlflowClient client; // guarded by this

    MlflowConnection(URI trackingUri, Credentials credentials, Duration timeout) {
        this.trackingUri = trackingUri;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    <T> T call(String what, Function<MlflowClient, T> call) throws CallFailed, InterruptedException {
        MlflowClient c = client();
        Future<T> result;
        try {
            result = callers.submit(() -> call.apply(c));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new CallFailed(what + ": tracking is closing", false, null, e);
        }
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            discard(c);
            throw new CallFailed(what + ": no answer from " + trackingUri + " within " + timeout.toSeconds()
                    + " s (raise MLFLOW_HTTP_REQUEST_TIMEOUT if the server is just slow)", true, null, null);
        } catch (InterruptedException e) {
            result.cancel(true);
            discard(c);
            throw e;
        } catch (ExecutionException e) {
            throw classify(what, e.getCause());
        }
    }

    private CallFailed classify(String what, Throwable cause) {
        if (cause instanceof MlflowHttpException h) {
            int status = h.getStatusCode();
            boolean retryable = status >= 500 || status == 429 || status == 408;
            return new CallFailed(what + ": HTTP " + status + " " + MlflowRest.abbreviate(h.getBodyMessage()), retryable,
                    MlflowRest.errorCode(h.getBodyMessage()), cause);
        }
        if (cause instanceof MlflowClientException) {
            // I/O below the client: refused connection, reset, unknown host.
            Throwable root = cause.getCause() != null ? cause.getCause() : cause;
            return new CallFailed(what + ": cannot reach MLflow at " + trackingUri + " (" + root
                    + "); check MLFLOW_TRACKING_URI and that the server is up", true, null, cause);
        }
        return new CallFailed(what + ": " + cause, false, null, cause);
    }

    private synchronized MlflowClient client() {
        if (client == null) {
            client = new MlflowClient(new BasicMlflowHostCreds(trackingUri.toString(), credentials.username(),
                    credentials.password(), credentials.token(), false));
        }
        return client;
    }

    private synchronized void discard(MlflowClient c) {
        if (client == c) client = null;
        closeQuietly(c);
    }

    /** Aborts calls in flight; idempotent, callable from any thread. */
    @Override
    public void close() {
        callers.shutdownNow();
        MlflowClient c;
        synchronized (this) {
            c = client;
            client = null;
        }
        if (c != null) closeQuietly(c);
    }

    private static void closeQuietly(MlflowClient c) {
        try {
            c.close();
        } catch (RuntimeException ignored) {
            // Closing is best effort: the client is abandoned either way.
        }
    }
}
