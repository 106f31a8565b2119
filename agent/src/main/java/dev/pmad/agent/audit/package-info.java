/**
 * Canaries for {@code pmad privacy audit}: plants gradient canaries whose inclusion is a fair
 * coin, runs the agent's own DP-SGD on the data plus the included ones, and scores every canary
 * from the noised steps an adversary may see (Steinke, Nasr, Jagielski 2023, "Privacy Auditing
 * with One (1) Training Run"). The scores become an epsilon lower bound in {@link
 * dev.pmad.privacy.audit}.
 */
package dev.pmad.agent.audit;
