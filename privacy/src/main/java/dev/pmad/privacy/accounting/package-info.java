/**
 * Privacy accounting: how much of the budget a run has spent, and how much noise a planned
 * run needs. Two accountants cover every mode (Gaussian, Poisson-subsampled Gaussian, Laplace)
 * behind one {@link dev.pmad.privacy.accounting.PrivacyAccountant} interface, chosen by {@link
 * dev.pmad.privacy.accounting.Accountant}: {@link dev.pmad.privacy.accounting.RdpAccountant}
 * (Renyi DP, a port of dp_accounting's {@code RdpAccountant}) and {@link
 * dev.pmad.privacy.accounting.PldAccountant} (privacy loss distributions, a port of
 * dp_accounting's {@code PLDAccountant}), which certifies a smaller epsilon for the same noise.
 * Both are upper bounds on the true epsilon, so the smaller of the two is one too; that is the
 * default ({@code TIGHTEST}). {@link dev.pmad.privacy.accounting.NoiseCalibration} inverts an
 * accountant for a target epsilon. RDP is kept beside PLD as a cross-check and for what PLD
 * does not cover: composing curves whose mechanisms are not recorded (an agent's lifetime
 * ledger), and for the exact discrete Gaussian and discrete Laplace ({@link
 * dev.pmad.privacy.accounting.Mechanism#discrete()}), which only RDP bounds here ({@link
 * dev.pmad.privacy.accounting.DiscreteGaussianBound}, {@code PureDpRdp}, {@code
 * SampledDiscreteGaussianRdp}): for them the PLD
 * accountant answers +infinity and the tightest answer is RDP's.
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
 *   <li>S. Meiser, E. Mohammadi, "Tight on Budget? Tight Bounds for r-Fold Approximate
 *       Differential Privacy", CCS 2018 (privacy buckets), and A. Koskela, J. Jalko, A. Honkela,
 *       "Computing Tight Differential Privacy Guarantees Using FFT", AISTATS 2020,
 *       arXiv:1906.03049: privacy loss distributions composed by FFT convolution.
 *   <li>V. Doroshenko, B. Ghazi, P. Kamath, R. Kumar, P. Manurangsi, "Connect the Dots: Tighter
 *       Discrete Approximations of Privacy Loss Distributions", PETS 2022, arXiv:2207.04380,
 *       Algorithm 1: the pessimistic discretization used here.
 *   <li>B. Balle, Y.-X. Wang, "Improving the Gaussian Mechanism for Differential Privacy:
 *       Analytical Calibration and Optimal Denoising", ICML 2018, Thm. 8: the exact hockey-stick
 *       divergence of the Gaussian mechanism, which the tests check the PLD against.
 *   <li>Google dp_accounting, {@code pld/pld_privacy_accountant.py}, {@code
 *       pld/privacy_loss_distribution.py}, {@code pld/privacy_loss_mechanism.py}, {@code
 *       pld/pld_pmf.py} and {@code pld/common.py}: the PLD implementation this package ports
 *       (defaults: loss grid 1e-4, tails e^-50 and 1e-15 counted as infinite loss).
 *   <li>C. Canonne, G. Kamath, T. Steinke, "The Discrete Gaussian for Differential Privacy",
 *       NeurIPS 2020, arXiv:2004.00010, Theorem 14: the discrete Gaussian's concentrated DP.
 *       P. Kairouz, Z. Liu, T. Steinke, "The Distributed Discrete Gaussian Mechanism for
 *       Federated Learning with Secure Aggregation", ICML 2021, arXiv:2102.06387, Prop. 14: sums
 *       of discrete Gaussians. P. Kairouz, S. Oh, P. Viswanath, "The Composition Theorem for
 *       Differential Privacy", ICML 2015, Thm. 2.2: randomized response dominates pure DP.
 *   <li>Y.-X. Wang, B. Balle, S. Kasiviswanathan, "Subsampled Renyi Differential Privacy and
 *       Analytical Moments Accountant", AISTATS 2019, arXiv:1808.00087, Theorem 9: the discrete
 *       Gaussian on a Poisson subsample under replace-one ({@code SampledDiscreteGaussianRdp}).
 * </ul>
 */
package dev.pmad.privacy.accounting;
