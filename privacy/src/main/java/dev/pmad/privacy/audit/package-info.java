/**
 * Empirical lower bounds on epsilon from membership guesses about canaries, after Steinke,
 * Nasr and Jagielski 2023, "Privacy Auditing with One (1) Training Run" (NeurIPS 2023,
 * arXiv:2305.08846): pure statistics on scores and coin flips; which canaries to plant and what
 * the adversary sees belong to whoever runs the training (the agent module).
 *
 * <p>An audit bounds epsilon from below: it can show that a claim is false (a bug, a broken
 * mechanism, an accountant that undercounts), never that it is true.
 */
package dev.pmad.privacy.audit;
