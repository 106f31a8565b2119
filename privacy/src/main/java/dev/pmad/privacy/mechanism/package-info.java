/**
 * Clipping and noise: the two halves of every release PMAD makes. {@link
 * dev.pmad.privacy.mechanism.Clipping} bounds a vector's sensitivity; {@link
 * dev.pmad.privacy.mechanism.GaussianMechanism} (L2) and {@link
 * dev.pmad.privacy.mechanism.LaplaceMechanism} (L1) add noise scaled to that bound; {@link
 * dev.pmad.privacy.mechanism.RandomSources} supplies the generators. {@link
 * dev.pmad.privacy.mechanism.DiscreteGaussian} and {@link
 * dev.pmad.privacy.mechanism.DiscreteLaplace} sample integer noise exactly, and {@link
 * dev.pmad.privacy.mechanism.LatticeRelease} releases real vectors with it on a public lattice:
 * what every value PMAD sends is noised with.
 *
 * <p>Pure functions return new arrays; methods ending in {@code InPlace} overwrite their
 * argument, for hot loops that cannot afford the copy.
 *
 * <p>Sources: Gaussian mechanism as used by DP-SGD, Abadi et al. 2016 (arXiv:1607.00133);
 * Laplace mechanism, Dwork, McSherry, Nissim, Smith 2006; the floating-point caveat on both,
 * I. Mironov, "On Significance of the Least Significant Bits for Differential Privacy", CCS
 * 2012; exact samplers, C. Canonne, G. Kamath, T. Steinke, "The Discrete Gaussian for
 * Differential Privacy", NeurIPS 2020 (arXiv:2004.00010), Algorithms 1-3, after the authors'
 * reference code (IBM/discrete-gaussian-differential-privacy, discretegauss.py).
 */
package dev.pmad.privacy.mechanism;
