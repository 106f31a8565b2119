/**
 * Client sampling: which live agents take part in a round ({@code FRACTION_FIT}, {@code
 * --fraction}), drawn by Poisson sampling from the coordinator's secure generator, and how
 * {@code MIN_AGENTS} bounds a round from below in each privacy mode. Amplification by sampling
 * in central mode follows Mironov, Talwar and Zhang 2019, "Renyi Differential Privacy of the
 * Sampled Gaussian Mechanism", and holds only for pure Poisson draws; see {@link
 * dev.pmad.coordinator.sampling.ClientSampling}.
 */
package dev.pmad.coordinator.sampling;
