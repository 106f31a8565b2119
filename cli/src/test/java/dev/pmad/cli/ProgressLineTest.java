package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.coordinator.run.RoundResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line of long runs: what it says, when it is shown, and that it stays out of piped output. */
class ProgressLineTest {

    @Test
    void format_saysRoundEtaAtThePaceSoFarAndLastAccuracy() {
        // 3 rounds in 30 s: 7 left take 70 s.
        assertEquals("round 3/10  ETA 1:10  accuracy 0.9123", ProgressLine.format(3, 10, 3, Duration.ofSeconds(30), 0.91234));
        assertEquals("round 10/10  ETA 0:00  accuracy 0.5000", ProgressLine.format(10, 10, 10, Duration.ofSeconds(99), 0.5));
    }

    @Test
    void format_resumedRun_estimatesFromTheRoundsThisProcessRan() {
        // Resumed after 5 rounds; 1 round here took 20 s, 4 are left.
        assertEquals("round 6/10  ETA 1:20  accuracy n/a", ProgressLine.format(6, 10, 1, Duration.ofSeconds(20), Double.NaN));
    }

    @Test
    void clock_showsHoursOnlyWhenThereAreSome() {
        assertEquals("0:05", ProgressLine.clock(Duration.ofSeconds(5)));
        assertEquals("12:00", ProgressLine.clock(Duration.ofMinutes(12)));
        assertEquals("2:03:04", ProgressLine.clock(Duration.ofSeconds(2 * 3600 + 3 * 60 + 4)));
    }

    @Test
    void shown_inATerminalByDefault_andAsTheFlagsSay() {
        assertTrue(ProgressOptions.show(null, true));
        assertFalse(ProgressOptions.show(null, false), "piped or redirected output gets no carriage returns");
        assertTrue(ProgressOptions.show(true, false), "--progress");
        assertFalse(ProgressOptions.show(false, true), "--no-progress");
    }

    @Test
    void line_isRedrawnInPlace_andEndsWithTheRun() {
        var bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        var line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get);
        line.onRunStarted("run-1", 2, null);
        now.set(Duration.ofSeconds(10).toNanos());
        line.onRoundCompleted("run-1", round(1, 0.75));
        now.set(Duration.ofSeconds(20).toNanos());
        line.onRoundCompleted("run-1", round(2, Double.NaN));
        line.onRunFinished(null);
        assertEquals("\rround 1/2  ETA 0:10  accuracy 0.7500\rround 2/2  ETA 0:00  accuracy n/a   " + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void simulate_withoutATerminal_printsNoProgress_andForcedProgressStaysOffStdout() {
        // Tests run without a terminal: the default is no progress line.
        CliRunner.Result quiet = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--agents", "2", "--rounds", "2", "--json");
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertFalse(quiet.err().contains("\r") || quiet.err().contains("ETA"), quiet.err());
        CliRunner.Result forced = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--agents", "2", "--rounds", "2", "--json",
                "--progress");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(forced.err().contains("\rround 2/2  ETA 0:00  accuracy "), forced.err());
        assertFalse(forced.err().contains("INFO"), "the per-round INFO lines would break the progress line: " + forced.err());
        assertTrue(org.slf4j.LoggerFactory.getLogger("dev.pmad").isInfoEnabled(), "the log level is restored after the command");
        assertEquals(2, forced.json().path("rounds").size(), "stdout is still one JSON object");
    }

    private static RoundResult round(int n, double accuracy) {
        var metrics = new Metrics(accuracy, 0.5, 0.5, 0.5, 0.5, 10, new long[0]);
        return new RoundResult(n, List.of("agent-1"), List.of(), metrics, 0, 0, Map.of(), Map.of(), 1, 1);
    }
}
