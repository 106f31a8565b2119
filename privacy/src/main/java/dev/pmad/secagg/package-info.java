/**
 * Secure aggregation: the server learns the sum of the agents' inputs and nothing else about
 * any one of them. Pure computation - no transport, no threads, JDK cryptography only;
 * {@link dev.pmad.secagg.SecAggClient} and {@link dev.pmad.secagg.SecAggServer} are driven by
 * whatever carries their messages.
 *
 * <h2>Protocol</h2>
 * K. Bonawitz, V. Ivanov, B. Kreuter, A. Marcedone, H. B. McMahan, S. Patel, D. Ramage,
 * A. Segal, K. Seth, "Practical Secure Aggregation for Privacy-Preserving Machine Learning",
 * CCS 2017, Fig. 4, semi-honest version (Round 3, ConsistencyCheck, and the signatures exist
 * only against an active server and are left out):
 * <ol start="0">
 *   <li>AdvertiseKeys: agent u sends two fresh X25519 public keys, c_u^PK (share encryption)
 *       and s_u^PK (pairwise masks) - {@link dev.pmad.secagg.KeyAdvert}. The server relays the
 *       roster U1.
 *   <li>ShareKeys: u draws a 32-byte self-mask seed b_u, splits b_u and its mask private key
 *       s_u^SK t-out-of-n with Shamir's scheme, and sends holder v the pair of shares encrypted
 *       with AES-GCM under a key from X25519(c_u^SK, c_v^PK) -
 *       {@link dev.pmad.secagg.EncryptedShare}. The server relays them; U2 = the senders.
 *   <li>MaskedInputCollection: u sends y_u = x_u + PRG(b_u) + sum_{v in U2, v ~ u} Delta_{u,v}
 *       PRG(s_{u,v}) mod 2^bits, s_{u,v} = X25519(s_u^SK, s_v^PK), Delta_{u,v} = +1 if u sorts
 *       after v, else -1: the pairwise masks cancel in the sum. U3 = the senders (survivors).
 *   <li>Unmasking: the server asks every survivor for its shares of b_v for v in U3 and of
 *       s_v^SK for v in U2 \ U3 (dropped) - never both for one v
 *       ({@link dev.pmad.secagg.UnmaskRequest}, {@link dev.pmad.secagg.UnmaskReply}) - then
 *       reconstructs from t shares each, removes the self masks of the survivors and the
 *       survivors' pairwise masks with the dropped, and is left with sum_{u in U3} x_u.
 * </ol>
 * SecAgg+ (J. Bell, K. Bonawitz, A. Gascon, T. Lepoint, M. Raykova, "Secure Single-Server
 * Aggregation with (Poly)Logarithmic Overhead", CCS 2020): pairwise masks and share holders
 * only among neighbours in a random Harary graph of degree k, so per-agent cost is O(k) instead
 * of O(n); the threshold counts among an agent's k + 1 holders. {@link dev.pmad.secagg.Graph}
 * holds the choice: the complete graph by default up to {@link dev.pmad.secagg.Graph#COMPLETE_UP_TO}
 * agents, a Harary graph above.
 *
 * <h2>Primitives (all from the JDK)</h2>
 * X25519 ({@code XDH}); HKDF-SHA256 from RFC 5869 on {@code HmacSHA256}; PRG = AES-256-CTR from
 * a zero counter under a key derived for one (run, round, purpose, agents) context;
 * AES-256-GCM with a random 96-bit nonce and associated data run | round | from | to; Shamir
 * over GF(2^521 - 1).
 *
 * <h2>What the server learns</h2>
 * The roster's public keys, ciphertexts it cannot open, the masked inputs (each uniform on the
 * ring to anyone without t shares), the survivors' self-mask seeds and the dropped agents' mask
 * keys, hence exactly the sum over the survivors and who survived. Security holds against the
 * server together with fewer than t agents, all following the protocol (semi-honest); with t
 * or more colluding agents an input can be recovered. The default threshold is a majority of
 * each agent's holders ({@link dev.pmad.secagg.SecAggParams#defaultThreshold}). Against a
 * server that deviates (e.g. claims an agent dropped after receiving its masked input) this
 * package adds the checks it can - an agent answers one unmask request and never for both
 * secrets of one agent - but not the signatures and consistency round of the paper's active
 * version.
 *
 * <h2>Distributed differential privacy</h2>
 * With central DP of noise sigma = z 2C, each agent puts its clipped input on a power-of-two
 * lattice and adds exact discrete Gaussian noise N_Z(0, sigma^2 / t) per coordinate (in lattice
 * units) before masking ({@link dev.pmad.secagg.DistributedDp}; C. Canonne, G. Kamath, T. Steinke,
 * "The Discrete Gaussian for Differential Privacy", NeurIPS 2020). Because a round finishes only
 * with at least t contributors (and an agent refuses an unmask request naming fewer), the sum
 * carries at least t draws, variance at least sigma^2, and the server sees only the noised sum
 * (P. Kairouz, Z. Liu, T. Steinke, "The Distributed Discrete Gaussian Mechanism for Federated
 * Learning with Secure Aggregation", ICML 2021; a sum of discrete Gaussians is not exactly one,
 * and their Proposition 14 bounds the difference, which {@link
 * dev.pmad.secagg.DistributedDp#effectiveNoiseMultiplier} charges). Caveats: agents that drop
 * before sending their masked input add no noise, so the guarantee is that of the t contributors
 * every revealed sum has at least; agents colluding with the server know their own noise, so
 * against a coalition only the other contributors' noise counts; and the ring must hold the
 * noise, which {@link dev.pmad.secagg.DistributedDp#of} checks.
 */
package dev.pmad.secagg;
