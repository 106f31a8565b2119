/**
 * Empirical lower bounds on epsilon from membership guesses about canaries, after Steinke,
 * Nasr and Jagielski 2023, "Privacy Auditing with One (1) Training Run" (NeurIPS 2023,
 * arXiv:2305.08846): pure statistics on scores and coin flips, and the agent-level canaries'
 * coins and directions ({@link dev.pmad.privacy.audit.AgentCanaries}); running the real mechanism
 * and what the adversary sees belong to whoever releases (the agent and coordinator modules).
 *
 * <p>An audit bounds epsilon from below: it can show that a claim is false (a bug, a broken
 * mechanism, an accountant that undercounts), never that it is true.
 */
package dev.pmad.privacy.audit;
