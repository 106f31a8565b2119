package dev.pmad.cli;

import dev.pmad.config.Env;
import dev.pmad.coordinator.CoordinatorListener;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Whether a long run shows its {@link ProgressLine}: by default only when the command runs in a
 * terminal, so that a redirected stderr, a pipe ({@code --json | jq}) or a CI log never receives
 * carriage returns; {@code --progress} or {@code --no-progress} decides instead.
 */
final class ProgressOptions {
    @Option(names = "--progress", negatable = true,
            description = "Show a progress line on stderr (round, ETA, last accuracy), redrawn after every round."
                    + " Default: only when run in a terminal.")
    Boolean progress;

    /**
     * The listener to add to the coordinator, or null when no progress line is shown. While it
     * is shown, PMAD logs only warnings unless PMAD_LOG_LEVEL asks for more: the per-round INFO
     * lines say what the progress line says, and each would break it in two.
     */
    CoordinatorListener listener() {
        if (!show(progress, System.console() != null)) return null;
        if (Env.system().string("PMAD_LOG_LEVEL", null) == null) Pmad.logLevel(new Env(Map.of("PMAD_LOG_LEVEL", "WARN")));
        return new ProgressLine(System.err, System::nanoTime);
    }

    /**
     * @param flag     {@code --progress} (true), {@code --no-progress} (false) or neither (null)
     * @param terminal whether stdin and stdout are a terminal ({@link System#console()}): false
     *                 when the output is piped or redirected
     */
    static boolean show(Boolean flag, boolean terminal) {
        return flag != null ? flag : terminal;
    }
}
