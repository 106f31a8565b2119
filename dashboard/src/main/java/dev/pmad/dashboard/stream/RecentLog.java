package dev.pmad.dashboard.stream;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines of the event log, so that a page opened mid-run shows what led there. */
final class RecentLog {
    private final int capacity;
    private final ArrayDeque<LogEntry> lines;

    RecentLog(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(LogEntry entry) {
        if (lines.size() == capacity) lines.removeFirst();
        lines.addLast(entry);
    }

    synchronized List<LogEntry> lines() {
        return List.copyOf(lines);
    }
}
