/**
 * One DP-SGD step on per-example gradients (the {@code record} privacy mode): clip each
 * example's gradient to an L2 bound, sum, add Gaussian noise scaled to the bound. Charge each
 * step to {@link dev.pmad.privacy.accounting.RdpAccountant#composeSubsampledGaussian} with the
 * Poisson sampling rate.
 *
 * <p>Sources: M. Abadi et al., "Deep Learning with Differential Privacy", CCS 2016,
 * arXiv:1607.00133 (Algorithm 1); H. B. McMahan et al., "Learning Differentially Private
 * Recurrent Language Models", ICLR 2018 (the same clip-sum-noise step with agents in place of
 * examples, as the {@code central} mode uses it).
 */
package dev.pmad.privacy.dpsgd;
