/**
 * Canaries for {@code pmad privacy audit} (Steinke, Nasr, Jagielski 2023, "Privacy Auditing with
 * One (1) Training Run"). Record mode: gradient canaries whose inclusion is a fair coin, the
 * agent's own DP-SGD on the data plus the included ones, every canary scored from the noised
 * steps an adversary may see. Local mode: canary agents whose updates go through the agent's own
 * release ({@link dev.pmad.agent.audit.LocalCanaries}). The scores become an epsilon lower bound
 * in {@link dev.pmad.privacy.audit}.
 */
package dev.pmad.agent.audit;
