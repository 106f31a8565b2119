/**
 * The federation in Prometheus' text exposition format, through Micrometer: round, target rounds,
 * agents by state, the last round's metrics, privacy spent against the budget, dropped messages by
 * reason, and the dashboard's own event-stream health.
 */
package dev.pmad.dashboard.metrics;
