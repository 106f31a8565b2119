/**
 * The agent's side of differential privacy: its own ledger (a Rényi-DP accountant per run) that
 * it checks before every round and that makes it refuse — fail closed — when a round would
 * exceed the budget, and the clipping and noising of updates before they leave; and its lifetime
 * ledger ({@link dev.pmad.agent.privacy.PrivacyLedger}), the Rényi-DP curve of everything ever
 * released about its data, kept in a file across runs and restarts and charged before each
 * release (RDP composition: Mironov 2017, Prop. 1).
 */
package dev.pmad.agent.privacy;
