/**
 * The REST API: open read endpoints ({@code /api/state}, {@code /api/rounds}, {@code /api/agents},
 * {@code /api/model}, {@code /health}, {@code /metrics}) and token-guarded control endpoints
 * ({@code /api/federation/start}, {@code /api/federation/stop}). Handlers throw Javalin's typed
 * HTTP exceptions; {@link dev.pmad.dashboard.api.ErrorMapping} turns every one into the same
 * JSON error body.
 */
package dev.pmad.dashboard.api;
