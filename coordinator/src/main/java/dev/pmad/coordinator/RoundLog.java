package dev.pmad.coordinator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The coordinator's log at scale. Lines about one agent (joined, restarted, lost, a message
 * dropped) are logged one by one for the first {@value #ONE_BY_ONE} of each kind since the last
 * {@link #summarise}, and at DEBUG after that; {@code summarise}, called once per round, then
 * logs one line per kind that went over, at that kind's level. Ten thousand agents give a few
 * lines per round instead of one per agent per event; a federation of five logs as before.
 *
 * <p>Loop-thread only, like the rest of the coordinator's state.
 */
final class RoundLog {
    static final int ONE_BY_ONE = 5;

    private final Logger log;
    /** Per kind (e.g. "agents joined"), in order of first appearance. */
    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    private static final class Kind {
        final Level level;
        int count;

        Kind(Level level) {
            this.level = level;
        }
    }

    RoundLog(Logger log) {
        this.log = log;
    }

    /**
     * Logs {@code line} at {@code level} if fewer than {@value #ONE_BY_ONE} lines of {@code kind}
     * were logged since the last summary, else at DEBUG. {@code kind} completes "N ...", as in
     * "agents joined".
     */
    void log(Level level, String kind, String line) {
        Kind k = kinds.computeIfAbsent(kind, x -> new Kind(level));
        k.count++;
        log.atLevel(k.count <= ONE_BY_ONE ? level : Level.DEBUG).log(line);
    }

    /**
     * For each kind with more lines than were logged one by one, logs "{period}: {count} {kind}",
     * then counts afresh.
     */
    void summarise(String period) {
        for (Map.Entry<String, Kind> e : kinds.entrySet()) {
            Kind k = e.getValue();
            if (k.count > ONE_BY_ONE) {
                log.atLevel(k.level).log("{}: {} {} ({} logged above, the rest at DEBUG)", period, k.count,
                        e.getKey(), ONE_BY_ONE);
            }
        }
        kinds.clear();
    }
}
