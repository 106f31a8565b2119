/**
 * Aggregation strategies: {@link dev.pmad.coordinator.aggregation.FedAvg} (McMahan et al. 2017,
 * weighted by sample count) and {@link dev.pmad.coordinator.aggregation.CentralDpFedAvg}, the
 * DP-FedAvg decorator of McMahan et al. 2018 (uniform weights, clipping, Gaussian noise on the
 * sum). Every strategy sums in agent-id order, so the result does not depend on arrival order.
 */
package dev.pmad.coordinator.aggregation;
