/**
 * Adaptive clipping: a clip norm that follows a chosen quantile of the update norms instead of
 * being guessed up front, with the privacy of the estimate paid for inside the run's budget.
 * {@link dev.pmad.privacy.adaptive.AdaptiveClipping} holds the settings and the noise split;
 * {@link dev.pmad.privacy.adaptive.ClipNormEstimator} runs the estimate round by round.
 *
 * <p>Each round every update reports one bit, 1 when it was <em>not</em> clipped (norm &lt;= C);
 * the server releases the noised fraction b = (sum of (bit - 1/2) + noise) / n + 1/2, the noise
 * exact discrete Gaussian of stddev sigma_b on the lattice (1/2) Z the centred count lies on,
 * clamped to [0, 1], and moves the clip geometrically, C &lt;- C exp(-eta (b - gamma)): too many
 * unclipped updates shrink it, too few grow it, so it settles where a fraction gamma is
 * unclipped. This round's sum is clipped and noised with this round's C. The bit count is a
 * second Gaussian release; with the sum's noise multiplier lowered to
 * z_delta = (z^-2 - z_b^-2)^-1/2, z_b = sigma_b / (count sensitivity), the two together are
 * exactly as private as one release at z, so the run is accounted as fixed clipping at z.
 *
 * <p>Sources:
 * <ul>
 *   <li>G. Andrew, O. Thakkar, H. B. McMahan, S. Ramaswamy, "Differentially Private Learning
 *       with Adaptive Clipping", NeurIPS 2021, arXiv:1905.03871 (Algorithm 1, the geometric
 *       update, the recommended eta = 0.2 and sigma_b = n / 20, and the noise split).
 *   <li>TensorFlow Privacy, {@code dp_query/quantile_estimator_query.py} and {@code
 *       dp_query/quantile_adaptive_clip_sum_query.py}: the implementation followed here (bits
 *       shifted by -1/2 so the count has sensitivity 1/2 under add/remove, a fixed denominator,
 *       the clamp, this round's noise from this round's clip).
 *   <li>H. B. McMahan, G. Andrew, U. Erlingsson et al., "A General Approach to Adding
 *       Differential Privacy to Iterative Training Procedures", 2018, arXiv:1812.06210: the
 *       effective noise multiplier (sum of (sigma_i / Delta_i)^-2)^-1/2 of Gaussian queries
 *       released together.
 * </ul>
 * Not to be confused with Flower's adaptive clipping, whose update inverts the sign of the
 * paper's and drives the clip norm towards zero.
 */
package dev.pmad.privacy.adaptive;
