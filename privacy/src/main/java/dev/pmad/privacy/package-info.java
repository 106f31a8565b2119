/**
 * Differential privacy for PMAD: the vocabulary of the privacy settings ({@link
 * dev.pmad.privacy.PrivacyMode}, {@link dev.pmad.privacy.NoiseKind}) and, in sub-packages,
 * the mechanisms, the accountant and the DP-SGD step. Everything here is math on
 * {@code double[]} with the JDK only, so the agent and the coordinator can share one audited
 * implementation.
 *
 * <ul>
 *   <li>{@link dev.pmad.privacy.mechanism} - clipping and the Gaussian and Laplace noise
 *       mechanisms, with their secure random sources.
 *   <li>{@link dev.pmad.privacy.accounting} - the Renyi-DP and privacy-loss-distribution
 *       accountants, and calibration of noise to a target epsilon.
 *   <li>{@link dev.pmad.privacy.dpsgd} - one DP-SGD step on per-example gradients.
 *   <li>{@link dev.pmad.privacy.adaptive} - a clip norm that follows a quantile of the update
 *       norms (Andrew et al. 2021), accounted as fixed clipping.
 * </ul>
 *
 * <p>Sources:
 * <ul>
 *   <li>M. Abadi et al., "Deep Learning with Differential Privacy", CCS 2016,
 *       arXiv:1607.00133 (DP-SGD: per-example clipping, Gaussian noise, moments accountant).
 *   <li>I. Mironov, "Renyi Differential Privacy", CSF 2017, arXiv:1702.07476 (RDP, its
 *       composition, the Gaussian and Laplace RDP curves).
 *   <li>I. Mironov, K. Talwar, L. Zhang, "Renyi Differential Privacy of the Sampled Gaussian
 *       Mechanism", 2019, arXiv:1908.10530 (RDP of Poisson-subsampled Gaussian noise).
 *   <li>B. Balle, G. Barthe, M. Gaboardi, J. Hsu, T. Sato, "Hypothesis Testing
 *       Interpretations and Renyi Differential Privacy", AISTATS 2020, arXiv:1905.09982, and
 *       Google's dp_accounting library (rdp/rdp_privacy_accountant.py) - the improved RDP to
 *       (epsilon, delta) conversion and the default order grid.
 *   <li>H. B. McMahan, D. Ramage, K. Talwar, L. Zhang, "Learning Differentially Private
 *       Recurrent Language Models", ICLR 2018 (DP-FedAvg: clip each client's update, noise
 *       the sum; the {@code central} mode).
 * </ul>
 */
package dev.pmad.privacy;
