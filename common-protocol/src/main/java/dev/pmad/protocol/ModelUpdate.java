package dev.pmad.protocol;

/**
 * Agent to coordinator: one round's update, already clipped and noised as the round's privacy
 * mode requires. Only this delta, its sample count and scalar diagnostics leave the agent.
 *
 * @param delta        local weights minus the round's global weights, flattened as in {@link ModelShape}
 * @param samples      number of training examples behind the delta (FedAvg weight)
 * @param trainLoss    mean cross-entropy of the local model on the local training split
 * @param epsilonSpent the agent's own privacy ledger after this round (0 without DP)
 * @param trainSeconds wall time of local training
 * @param gradient     {@code newton}: the gradient of the summed local loss at the global weights
 *                     (noised in record mode); empty otherwise
 * @param curvature    {@code newton}, when the round asked for it: the packed upper triangle
 *                     (row by row) of the summed Hessian, or in record mode of the noised clipped
 *                     Gram matrix; empty otherwise
 * @param control      {@code scaffold}: the change of the agent's control variate; empty otherwise
 * @param unclipped    in a round with {@link PrivacyParams#adaptiveClip}: true when the delta's L2
 *                     norm was at most the round's clip norm, so clipping left it unchanged
 *                     (Andrew et al. 2021's bit, which the coordinator only ever releases as a
 *                     noised count); false in every other round
 */
public record ModelUpdate(String runId, int round, String sender, Weights delta, int samples,
                          double trainLoss, double epsilonSpent, double trainSeconds,
                          Weights gradient, Weights curvature, Weights control, boolean unclipped)
        implements Message {
    /** A weight delta and nothing else (every procedure but newton and scaffold). */
    public ModelUpdate(String runId, int round, String sender, Weights delta, int samples,
                       double trainLoss, double epsilonSpent, double trainSeconds) {
        this(runId, round, sender, delta, samples, trainLoss, epsilonSpent, trainSeconds,
                Weights.zeros(0), Weights.zeros(0), Weights.zeros(0), false);
    }

    /** Without the adaptive-clipping bit (every round but those of an adaptive central run). */
    public ModelUpdate(String runId, int round, String sender, Weights delta, int samples,
                       double trainLoss, double epsilonSpent, double trainSeconds,
                       Weights gradient, Weights curvature, Weights control) {
        this(runId, round, sender, delta, samples, trainLoss, epsilonSpent, trainSeconds, gradient, curvature, control,
                false);
    }

    public ModelUpdate {
        Checks.present(gradient, "gradient");
        Checks.present(curvature, "curvature");
        Checks.present(control, "control");
        Checks.id(runId, "runId");
        Checks.round(round);
        Checks.id(sender, "sender");
        Checks.present(delta, "delta");
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, was " + samples);
        Checks.nonNegative(trainLoss, "trainLoss");
        Checks.nonNegative(epsilonSpent, "epsilonSpent");
        Checks.nonNegative(trainSeconds, "trainSeconds");
    }

    @Override
    public MessageType type() {
        return MessageType.MODEL_UPDATE;
    }
}
