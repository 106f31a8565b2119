/**
 * The dashboard's only view of a federation: a small read/control port with its own immutable
 * records. Whatever runs the federation (the coordinator, through an adapter in the CLI) implements
 * {@link dev.pmad.dashboard.port.FederationPort}; the dashboard never sees the coordinator's
 * classes, its state machine's internals or the transport (ports and adapters, Cockburn 2005).
 */
package dev.pmad.dashboard.port;
