/**
 * Local training and evaluation of the multinomial logistic-regression model. {@link
 * dev.pmad.agent.training.SgdTrainer} is the agents' local SGD (Tribuo's SGD, step for
 * step, on primitive arrays), warm-started from the global weights, with an optional {@link
 * dev.pmad.agent.training.DriftCorrection} added to every step: FedProx's proximal term (Li et al.
 * 2020) and SCAFFOLD's control-variate shift, whose client variate {@link
 * dev.pmad.agent.training.ControlVariate} keeps (Karimireddy et al. 2020). {@link
 * dev.pmad.agent.training.DpSgdTrainer} runs DP-SGD (Abadi et al. 2016) for the {@code record}
 * privacy mode, with per-example gradient clipping. All share the weight layout of
 * {@link dev.pmad.protocol.ModelShape} and {@link dev.pmad.agent.training.Softmax} for scoring.
 * {@link dev.pmad.agent.training.NewtonSolver} finds the exact optimum of the L2-penalised
 * objective ({@link dev.pmad.agent.training.PenalizedCrossEntropy}; Newton's method, Bishop PRML
 * section 4.3.4) for the centralized reference; it adds no noise, so no agent runs it.
 */
package dev.pmad.agent.training;
