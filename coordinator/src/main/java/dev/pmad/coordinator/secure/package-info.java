/**
 * Secure aggregation at the coordinator (SecAgg+, Bonawitz et al. 2017, "Practical Secure
 * Aggregation for Privacy-Preserving Machine Learning"; Bell et al. 2020, "Secure Single-Server
 * Aggregation with (Poly)Logarithmic Overhead"): the settings a run is started with, and one
 * {@link dev.pmad.coordinator.secure.SecureRound} per round that turns the SECAGG_* messages into
 * calls on the privacy module's {@code SecAggServer} and back. The coordinator learns the sum of
 * the surviving agents' weighted, clipped deltas and the sum of their weights, never one agent's.
 */
package dev.pmad.coordinator.secure;
