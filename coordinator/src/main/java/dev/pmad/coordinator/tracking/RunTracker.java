package dev.pmad.coordinator.tracking;

import dev.pmad.coordinator.Coordinator;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every run of a coordinator in its sinks (runs directory, MLflow), off the coordinator's
 * loop thread.
 *
 * <p><b>Threading.</b> The listener methods run on the coordinator's loop and only offer a job to
 * a bounded queue: they never wait, never do I/O and never throw. One daemon thread,
 * {@code pmad-tracking}, takes jobs in order, turns them into records ({@link RunBook}) and
 * calls each sink; per-run state lives on that thread only. A full queue drops round jobs (the
 * run's end carries every round again) and, to make room for the end of a run, the rounds still
 * pending.
 *
 * <p><b>Closing.</b> {@link #close()} waits up to the drain timeout for queued jobs (so a
 * short-lived command still uploads its final model), then aborts the sinks' calls in flight.
 */
public final class RunTracker implements CoordinatorListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunTracker.class);

    private sealed interface Job permits Start, Resume, Round, End, Shutdown {}

    private record Start(String runId, int targetRounds, RunStrategy strategy, Instant at) implements Job {}

    private record Resume(String runId, int targetRounds, RunStrategy strategy, int completedRounds, Instant startedAt)
            implements Job {}

    private record Round(String runId, RoundResult result, Instant at) implements Job {}

    private record End(RunSummary summary, Instant at) implements Job {}

    private record Shutdown() implements Job {}

    private final List<TrackingSink> sinks;
    private final RunBook book; // tracker thread only
    private final Consumer<String> problems;
    private final Duration drainTimeout;
    private final BlockingDeque<Job> queue;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final Object progress = new Object();
    private long accepted; // guarded by progress
    private long finished; // guarded by progress
    private final Set<String> endedRuns = new HashSet<>(); // guarded by progress
    private volatile boolean closed;

    /**
     * @param sinks       called in this order for every record (put the runs directory first)
     * @param modelWriter the model files of a run; {@code null}: canonical weights JSON only
     * @param problems    receives one line per tracking failure, for the dashboard's event log;
     *                    called on the tracker thread
     */
    public RunTracker(CoordinatorConfig config, RunDescription description, List<TrackingSink> sinks,
                      ModelArtifactWriter modelWriter, Consumer<String> problems, int queueCapacity,
                      Duration drainTimeout) {
        this.sinks = List.copyOf(sinks);
        this.book = new RunBook(Objects.requireNonNull(config, "config"), Objects.requireNonNull(description, "description"),
                modelWriter != null ? modelWriter : new CanonicalWeights(), this::problem);
        this.problems = Objects.requireNonNull(problems, "problems");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
        this.queue = new LinkedBlockingDeque<>(queueCapacity);
        this.worker = new Thread(this::work, "pmad-tracking");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** A tracker with the queue size and drain timeout of {@code settings}, listening to {@code coordinator}. */
    public static RunTracker attach(Coordinator coordinator, TrackingSettings settings, RunDescription description,
                                    List<TrackingSink> sinks, ModelArtifactWriter modelWriter, Consumer<String> problems) {
        var tracker = new RunTracker(coordinator.config(), description, sinks, modelWriter, problems,
                settings.queueCapacity(), settings.drainTimeout());
        coordinator.addListener(tracker);
        return tracker;
    }

    // ---- coordinator loop thread: offer only -----------------------------------------------------

    @Override
    public void onRunStarted(String runId, int targetRounds, RunStrategy strategy) {
        offer(new Start(runId, targetRounds, strategy, Instant.now()));
    }

    @Override
    public void onRunResumed(String runId, int targetRounds, RunStrategy strategy, int completedRounds, Instant startedAt) {
        offer(new Resume(runId, targetRounds, strategy, completedRounds, startedAt));
    }

    @Override
    public void onRoundCompleted(String runId, RoundResult result) {
        offer(new Round(runId, result, Instant.now()));
    }

    @Override
    public void onRunFinished(RunSummary summary) {
        Job end = new End(summary, Instant.now());
        if (offer(end, false)) return;
        // The end carries every round again: pending rounds may go to make room for it.
        dropPendingRounds();
        offer(end, true);
    }

    /** Removes the rounds still queued; they count as handled (and dropped). */
    private void dropPendingRounds() {
        synchronized (progress) {
            int removed = 0;
            for (Job job : queue) {
                // Counted only if still queued: the tracker thread may take it meanwhile.
                if (job instanceof Round && queue.removeFirstOccurrence(job)) removed++;
            }
            finished += removed;
            dropped.addAndGet(removed);
            progress.notifyAll();
        }
    }

    private boolean offer(Job job) {
        return offer(job, true);
    }

    private boolean offer(Job job, boolean dropIfFull) {
        if (closed) return false;
        synchronized (progress) {
            if (!queue.offerLast(job)) {
                if (!dropIfFull) return false;
                long n = dropped.incrementAndGet();
                log.warn("tracking queue full ({} jobs); dropped {} job(s) so far; a sink is slow or down", queue.size(), n);
                return false;
            }
            accepted++;
            return true;
        }
    }

    // ---- tracker thread ----------------------------------------------------------------------------

    private void work() {
        try {
            while (true) {
                Job job = queue.takeFirst();
                if (job instanceof Shutdown) break;
                reportDrops();
                try {
                    handle(job);
                } catch (RuntimeException | LinkageError e) {
                    // A bug or a broken classpath must not end the tracker thread: later runs still get recorded.
                    problem("tracking failed on " + job.getClass().getSimpleName().toLowerCase() + ": " + e, e);
                } finally {
                    synchronized (progress) {
                        finished++;
                        progress.notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(Job job) {
        if (job instanceof Start s) onStart(s);
        else if (job instanceof Resume r) onResume(r);
        else if (job instanceof Round r) onRound(r);
        else if (job instanceof End e) onEnd(e);
        else throw new IllegalStateException("Unhandled job: " + job);
    }

    private void onStart(Start s) {
        RunStarted run = book.started(s.runId(), s.targetRounds(), s.strategy(), s.at());
        for (TrackingSink sink : sinks) call(sink, "could not record the start of run " + s.runId(), () -> sink.runStarted(run));
    }

    private void onResume(Resume r) {
        RunStarted run = book.started(r.runId(), r.targetRounds(), r.strategy(), r.startedAt());
        for (TrackingSink sink : sinks) {
            call(sink, "could not continue the record of run " + r.runId(), () -> sink.runResumed(run, r.completedRounds()));
        }
    }

    private void onRound(Round r) {
        RoundLogged round = book.round(r.runId(), r.result(), r.at());
        for (TrackingSink sink : sinks) {
            call(sink, "could not record round " + round.round() + " of run " + r.runId(), () -> sink.roundLogged(round));
        }
    }

    private void onEnd(End e) {
        try {
            RunEnded ended = book.ended(e.summary(), e.at());
            for (TrackingSink sink : sinks) call(sink, "could not record the end of run " + ended.runId(), () -> sink.runEnded(ended));
        } finally {
            synchronized (progress) {
                endedRuns.add(e.summary().runId());
                progress.notifyAll();
            }
        }
    }

    private interface SinkCall {
        void run() throws Exception;
    }

    private void call(TrackingSink sink, String what, SinkCall call) {
        try {
            call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(sink.name() + ": " + what + ": interrupted while closing", null);
        } catch (Exception e) {
            problem(sink.name() + ": " + what + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()),
                    e instanceof RuntimeException ? e : null);
        }
    }

    private void reportDrops() {
        long n = dropped.getAndSet(0);
        if (n > 0) {
            problem("tracking queue was full: " + n + " job(s) dropped; rounds are recorded again when their run ends", null);
        }
    }

    private void problem(String message, Throwable cause) {
        if (cause != null) log.warn(message, cause);
        else log.warn(message);
        try {
            problems.accept(message);
        } catch (RuntimeException e) {
            log.error("tracking problem listener failed", e);
        }
    }

    // ---- any thread --------------------------------------------------------------------------------

    /** Waits until every accepted job has been handled; false if {@code limit} passed first. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (progress) {
            while (finished < accepted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Waits until the end of run {@code runId} has been handed to every sink (its files written, or
     * the failures reported); false if {@code limit} passed first. Coordinator listeners run in
     * the order they were added, so a caller that learnt of the end from a listener added before
     * this tracker's may be ahead of it: wait here before {@link #close()}, which would otherwise
     * refuse the end still to come.
     */
    public boolean awaitRunEnded(String runId, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (progress) {
            while (!endedRuns.contains(runId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Stops accepting runs, waits up to the drain timeout for queued jobs, then aborts what is
     * still in flight. Jobs not handled by then are reported (their runs directory may be
     * incomplete; MLflow may show the run as RUNNING). Never call it from a coordinator listener:
     * it waits.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (!queue.offerLast(new Shutdown())) {
            dropPendingRounds();
            queue.offerLast(new Shutdown());
        }
        try {
            worker.join(drainTimeout.toMillis());
            if (worker.isAlive()) {
                int left = queue.size();
                sinks.forEach(TrackingSink::close); // aborts calls in flight; sinks close idempotently
                worker.interrupt();
                worker.join(5_000);
                problem("tracking stopped after " + drainTimeout.toSeconds() + " s with " + left
                        + " job(s) unrecorded; see the runs directory for what was written", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sinks.forEach(TrackingSink::close);
        }
    }
}
