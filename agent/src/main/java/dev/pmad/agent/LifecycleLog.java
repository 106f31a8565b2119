package dev.pmad.agent;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Where an agent's lifecycle lines go (joined, run ended, run stopped). An agent alone in its
 * process, or one of a handful (the demo), logs them at INFO. A process hosting thousands of
 * agents (a simulation) would print each line once per agent: ten thousand copies of "joined the
 * federation" that say nothing the coordinator's per-round summary does not. There only the first
 * {@value #LOUD} agents alive log them at INFO, the others at DEBUG. Warnings and errors are
 * never demoted: they are not lifecycle lines.
 */
final class LifecycleLog {
    static final int LOUD = 5;
    /** Agents alive in this process. */
    static final AtomicInteger PROCESS = new AtomicInteger();

    private final Logger log;
    private final AtomicInteger alive;
    private final boolean loud;
    private final AtomicBoolean left = new AtomicBoolean();

    /** One more agent among the {@code alive} ones (normally {@link #PROCESS}). */
    LifecycleLog(Logger log, AtomicInteger alive) {
        this.log = log;
        this.alive = alive;
        int rank = alive.incrementAndGet();
        this.loud = rank <= LOUD;
        if (rank == LOUD + 1) {
            log.info("more than {} agents in this process: the others log joins and run ends at DEBUG,"
                    + " and the coordinator's log counts them per round", LOUD);
        }
    }

    void info(String format, Object... arguments) {
        if (loud) log.info(format, arguments);
        else log.debug(format, arguments);
    }

    /** The agent closed: an agent created later may take its place among the loud ones. */
    void leave() {
        if (left.compareAndSet(false, true)) alive.decrementAndGet();
    }
}
