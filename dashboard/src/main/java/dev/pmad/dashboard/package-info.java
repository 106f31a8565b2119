/**
 * PMAD's live web dashboard (Javalin): one glassmorphism page with live updates by server-sent
 * events, a REST API, Prometheus metrics, and token-guarded Start/Stop. {@link
 * dev.pmad.dashboard.Dashboard} is the entry point; it sees a federation only through
 * {@link dev.pmad.dashboard.port.FederationPort}.
 */
package dev.pmad.dashboard;
