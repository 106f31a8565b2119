package dev.pmad.dashboard.port;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What the dashboard may read from and ask of a federation.
 *
 * <p>Implementations must make {@link #state()} cheap and non-blocking (an immutable snapshot
 * read), because every REST call, metrics scrape and new event stream calls it.
 */
public interface FederationPort {

    /** The latest picture of the federation. Never null; cheap; callable from any thread. */
    DashboardState state();

    /** Asks for a new run; completes when the federation has accepted or refused it. */
    CompletionStage<ControlResult> start(StartRequest request);

    /** Asks the running run to stop; completes when the federation has accepted or refused it. */
    CompletionStage<ControlResult> stop(String reason);

    /** The model of the last finished run, ready to download, or empty if no run has finished. */
    Optional<ModelFile> finalModel();

    /**
     * Registers {@code listener} for everything that happens from now on. The listener may be
     * called on the federation's own event-loop thread: it must only enqueue and return; it
     * never throws. Closing the returned handle stops the calls.
     */
    AutoCloseable subscribe(Consumer<FederationEvent> listener);
}
