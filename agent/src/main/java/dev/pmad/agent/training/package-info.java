/**
 * Local training and evaluation of the multinomial logistic-regression model. {@link
 * dev.pmad.agent.training.TribuoTrainer} trains with Tribuo's {@code LinearSGDTrainer},
 * warm-started from the global weights; {@link dev.pmad.agent.training.DpSgdTrainer} runs
 * DP-SGD (Abadi et al. 2016) for the {@code record} privacy mode, which needs per-example
 * gradient clipping that Tribuo's trainer cannot do. Both share the weight layout of
 * {@link dev.pmad.protocol.ModelShape} and {@link dev.pmad.agent.training.Softmax} for scoring.
 */
package dev.pmad.agent.training;
