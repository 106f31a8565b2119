package dev.pmad.cli;

import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.run.RoundResult;
import dev.pmad.coordinator.run.RunStrategy;
import dev.pmad.coordinator.run.RunSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line on stderr that a long run ({@code simulate}, {@code local}) redraws after every round:
 * {@code round 3/10  ETA 0:42  accuracy 0.9123}. It is redrawn in place with a carriage return,
 * which only a terminal understands, so {@link ProgressOptions} shows it only there.
 *
 * <p>Called on the coordinator's loop thread: it formats and writes one short line, nothing more.
 */
final class ProgressLine implements CoordinatorListener {
    private final PrintStream err;
    private final LongSupplier nanoTime;
    private int targetRounds;
    /** Rounds already done when this process took the run over (a resumed run), and when. */
    private int roundsBefore;
    private long startedNanos;
    private int width;

    ProgressLine(PrintStream err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
    }

    @Override
    public void onRunStarted(String runId, int targetRounds, RunStrategy strategy) {
        begin(targetRounds, 0);
    }

    @Override
    public void onRunResumed(String runId, int targetRounds, RunStrategy strategy, int completedRounds, Instant startedAt) {
        begin(targetRounds, completedRounds);
    }

    private void begin(int targetRounds, int roundsBefore) {
        this.targetRounds = targetRounds;
        this.roundsBefore = roundsBefore;
        this.startedNanos = nanoTime.getAsLong();
    }

    @Override
    public void onRoundCompleted(String runId, RoundResult result) {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startedNanos);
        String line = format(result.round(), targetRounds, result.round() - roundsBefore, elapsed, result.metrics().accuracy());
        // Pad over the end of a longer previous line: \r only moves the cursor back.
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = line.length();
    }

    @Override
    public void onRunFinished(RunSummary summary) {
        // Leave the last state on its own line, so what the command prints next starts clean.
        if (width > 0) err.println();
        width = 0;
    }

    /**
     * The progress line: round {@code round} of {@code total}, the time left at the pace of the
     * {@code doneHere} rounds this process ran in {@code elapsed}, and the last accuracy
     * ({@code n/a} when the round had no evaluation).
     */
    static String format(int round, int total, int doneHere, Duration elapsed, double accuracy) {
        String eta = doneHere <= 0 ? "?" : clock(elapsed.multipliedBy(Math.max(0, total - round)).dividedBy(doneHere));
        String acc = Double.isFinite(accuracy) ? String.format(Locale.ROOT, "%.4f", accuracy) : "n/a";
        return "round " + round + "/" + total + "  ETA " + eta + "  accuracy " + acc;
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
