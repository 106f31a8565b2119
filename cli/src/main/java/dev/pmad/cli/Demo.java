package dev.pmad.cli;

import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.dashboard.Dashboard;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * A running {@code pmad demo}: a whole federation (coordinator and agents over the in-memory
 * transport) with the dashboard in front of it. Tests and tools start one with the same options
 * as the command line; {@link #close()} stops the dashboard, the agents and the coordinator.
 */
public final class Demo implements AutoCloseable {
    // Held so the setting survives: java.util.logging keeps loggers only weakly.
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private final Federation federation;
    private final Dashboard dashboard;
    private final AutoCloseable tracker;
    private final AgentLedgers ledgers;

    Demo(Federation federation, Dashboard dashboard, AutoCloseable tracker, AgentLedgers ledgers) {
        this.federation = federation;
        this.dashboard = dashboard;
        this.tracker = tracker;
        this.ledgers = ledgers;
    }

    /** Starts a demo as {@code pmad demo ARGS} would, without waiting for Ctrl-C. */
    public static Demo start(String... args) {
        TRIBUO_LOG.setLevel(Level.WARNING); // as Pmad.run does: Tribuo logs every training call at INFO
        DemoCommand command = CommandLine.populateCommand(new DemoCommand(), args);
        return command.open();
    }

    /** The page's address on this machine. */
    public String url() {
        return "http://localhost:" + dashboard.port() + "/";
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** The summary of the last finished run, as the coordinator keeps it, or null before the first (tools, tests). */
    public RunSummary lastRun() {
        return federation.coordinator().snapshot().lastRun();
    }

    @Override
    public void close() {
        dashboard.close();
        try {
            tracker.close(); // waits for the last uploads
        } catch (Exception e) {
            throw new IllegalStateException("closing run tracking failed", e);
        }
        federation.close();
        ledgers.close();
    }
}
