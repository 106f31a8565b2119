/**
 * Canary agents for {@code pmad privacy audit --dp-mode central}: their updates go through the
 * coordinator's own noised aggregate ({@link dev.pmad.coordinator.aggregation.CentralDpFedAvg})
 * and are scored from the published means (Steinke, Nasr, Jagielski 2023, "Privacy Auditing with
 * One (1) Training Run"). The scores become an epsilon lower bound in {@link
 * dev.pmad.privacy.audit}.
 */
package dev.pmad.coordinator.audit;
