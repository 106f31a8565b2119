/**
 * The agent's side of differential privacy: its own ledger (a Rényi-DP accountant per run) that
 * it checks before every round and that makes it refuse — fail closed — when a round would
 * exceed the budget, and the clipping and noising of updates before they leave.
 */
package dev.pmad.agent.privacy;
