/**
 * Local training and evaluation of the multinomial logistic-regression model. {@link
 * dev.pmad.agent.training.TribuoTrainer} trains with Tribuo's {@code LinearSGDTrainer},
 * warm-started from the global weights; {@link dev.pmad.agent.training.DpSgdTrainer} runs
 * DP-SGD (Abadi et al. 2016) for the {@code record} privacy mode, which needs per-example
 * gradient clipping that Tribuo's trainer cannot do. Both share the weight layout of
 * {@link dev.pmad.protocol.ModelShape} and {@link dev.pmad.agent.training.Softmax} for scoring.
 * {@link dev.pmad.agent.training.NewtonSolver} finds the exact optimum of the L2-penalised
 * objective ({@link dev.pmad.agent.training.PenalizedCrossEntropy}; Newton's method, Bishop PRML
 * section 4.3.4) for the centralized reference; it adds no noise, so no agent runs it.
 */
package dev.pmad.agent.training;
