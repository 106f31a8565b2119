package dev.pmad.dashboard.stream;

/**
 * One line of the page's event log.
 *
 * @param seq    increasing; the page drops a line it already has (a snapshot and the stream may overlap)
 * @param time   epoch milliseconds when the federation reported it
 * @param level  info, warn, error, or phase for a state-machine move
 */
public record LogEntry(long seq, long time, String level, String message) {}
