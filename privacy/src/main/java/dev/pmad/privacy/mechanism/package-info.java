/**
 * Clipping and noise: the two halves of every release PMAD makes. {@link
 * dev.pmad.privacy.mechanism.Clipping} bounds a vector's sensitivity; {@link
 * dev.pmad.privacy.mechanism.GaussianMechanism} (L2) and {@link
 * dev.pmad.privacy.mechanism.LaplaceMechanism} (L1) add noise scaled to that bound; {@link
 * dev.pmad.privacy.mechanism.RandomSources} supplies the generators.
 *
 * <p>Pure functions return new arrays; methods ending in {@code InPlace} overwrite their
 * argument, for hot loops that cannot afford the copy.
 *
 * <p>Sources: Gaussian mechanism as used by DP-SGD, Abadi et al. 2016 (arXiv:1607.00133);
 * Laplace mechanism, Dwork, McSherry, Nissim, Smith 2006; the floating-point caveat on both,
 * I. Mironov, "On Significance of the Least Significant Bits for Differential Privacy", CCS
 * 2012.
 */
package dev.pmad.privacy.mechanism;
