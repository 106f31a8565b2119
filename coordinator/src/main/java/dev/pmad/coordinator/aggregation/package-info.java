/**
 * Aggregation: how a round's updates become the next global model.
 *
 * <p>{@link dev.pmad.coordinator.aggregation.Strategy} is a pure function (global model, the
 * round's deltas, strategy state) -> (new model, new state), one class per strategy, built by
 * name and options through {@link dev.pmad.coordinator.aggregation.Strategies}:
 * <ul>
 *   <li>{@code fedavg}: weighted mean of deltas (McMahan et al. 2017);</li>
 *   <li>{@code fedavgm}: server momentum (Hsu et al. 2019);</li>
 *   <li>{@code fedadagrad}, {@code fedadam}, {@code fedyogi}: adaptive server optimizers
 *       (Reddi et al. 2021, "Adaptive Federated Optimization", Algorithm 2);</li>
 *   <li>{@code fedprox}: FedAvg over agents that add a proximal term to their local loss (Li et
 *       al. 2020); {@code scaffold}: local steps corrected by control variates (Karimireddy et
 *       al. 2020), without DP only;</li>
 *   <li>{@code fedmedian}, {@code fedtrimmedavg}: coordinate-wise median and trimmed mean
 *       (Yin et al. 2018);</li>
 *   <li>{@code krum}: Krum and Multi-Krum (Blanchard et al. 2017).</li>
 * </ul>
 *
 * <p>The coordinator still runs the older {@link dev.pmad.coordinator.aggregation.AggregationStrategy},
 * which returns a delta: {@link dev.pmad.coordinator.aggregation.FedAvg} (McMahan et al. 2017,
 * weighted by sample count) and {@link dev.pmad.coordinator.aggregation.CentralDpFedAvg}, the
 * DP-FedAvg of McMahan et al. 2018 (uniform weights, clipping, Gaussian noise on the sum);
 * {@link dev.pmad.coordinator.aggregation.StrategyAggregation} runs any Strategy behind it.
 *
 * <p>Every strategy sums in agent-id order and uses no randomness, so the result does not depend
 * on arrival order and a run can be replayed bit for bit.
 */
package dev.pmad.coordinator.aggregation;
