/**
 * The agent's side of differential privacy: its own ledger that it checks before every round
 * and that makes it refuse — fail closed — when a round would exceed the budget, and the
 * clipping and noising of updates before they leave; and its lifetime ledger ({@link
 * dev.pmad.agent.privacy.PrivacyLedger}), everything ever released about its data, kept in a
 * file across runs and restarts and charged before each release.
 *
 * <p>Accounting. Each charge is kept twice: as a Renyi-DP curve (composes by addition, Mironov
 * 2017, Prop. 1, whatever was released) and as the mechanisms that produced it (sampling rate,
 * noise multiplier, count, neighbouring relation: replace-one for central mode's sampled rounds),
 * from which a privacy-loss-distribution accountant recomposes a run
 * or the whole ledger. Every epsilon the agent computes is the smaller of the two bounds, the
 * same accountant the coordinator calibrates runs with ({@link
 * dev.pmad.privacy.plan.PrivacyPlanner#ACCOUNTANT}): a run planned with PLD is checked with PLD
 * (RDP alone would call it over budget and refuse it), and the lifetime budget is charged no
 * more loosely than the run was planned. Runs charged before ledger version 2 have no recorded
 * mechanisms; wherever they are included the agent falls back to RDP alone, which is sound.
 */
package dev.pmad.agent.privacy;
