package dev.pmad.coordinator.run;

/**
 * The privacy of a run as planned and as spent.
 *
 * @param noiseMultiplier the run's noise multiplier; in record mode the largest of the agents'
 *                        (each agent's depends on its size), with the smallest in {@code minNoiseMultiplier}
 */
public record PrivacySummary(String mode, String noise, double epsilonBudget, double epsilonSpent, double delta,
                             double clipNorm, double noiseMultiplier, double minNoiseMultiplier) {}
