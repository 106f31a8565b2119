/**
 * Privacy accounting: how much of the budget a run has spent, and how much noise a planned
 * run needs. {@link dev.pmad.privacy.accounting.RdpAccountant} is the one accountant for every
 * mode (Gaussian, Poisson-subsampled Gaussian, Laplace); {@link
 * dev.pmad.privacy.accounting.NoiseCalibration} inverts it for a target epsilon.
 *
 * <p>Sources:
 * <ul>
 *   <li>I. Mironov, "Renyi Differential Privacy", CSF 2017, arXiv:1702.07476: composition
 *       (Prop. 1), Laplace (Prop. 6) and Gaussian (Prop. 7) curves.
 *   <li>I. Mironov, K. Talwar, L. Zhang, "Renyi Differential Privacy of the Sampled Gaussian
 *       Mechanism", 2019, arXiv:1908.10530: integer (Sec. 3.2) and fractional (Sec. 3.3) orders.
 *   <li>B. Balle, G. Barthe, M. Gaboardi, J. Hsu, T. Sato, "Hypothesis Testing
 *       Interpretations and Renyi Differential Privacy", AISTATS 2020, arXiv:1905.09982, Thm.
 *       21 (also C. Canonne, G. Kamath, T. Steinke 2020, arXiv:2004.00010, Prop. 12): the
 *       improved RDP to (epsilon, delta) conversion.
 *   <li>Google dp_accounting, {@code rdp/rdp_privacy_accountant.py}: the reference
 *       implementation this package ports (log-space sums, special cases of {@code
 *       compute_epsilon}, {@code DEFAULT_RDP_ORDERS}); Opacus' {@code get_noise_multiplier}
 *       for calibration by bisection.
 *   <li>M. Abadi et al., "Deep Learning with Differential Privacy", CCS 2016: the moments
 *       accountant that RDP accounting generalises.
 * </ul>
 */
package dev.pmad.privacy.accounting;
