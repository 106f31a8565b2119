/**
 * The adapter between the coordinator and the dashboard: implements the dashboard's
 * {@link dev.pmad.dashboard.port.FederationPort} over a {@link dev.pmad.coordinator.Coordinator},
 * translating snapshots and listener callbacks into the dashboard's own records. The only place
 * that knows both sides, so that neither knows the other.
 */
package dev.pmad.cli.dashboard;
