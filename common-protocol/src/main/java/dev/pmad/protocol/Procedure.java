package dev.pmad.protocol;

import java.util.Set;

/**
 * What an agent computes from its data in a round, as the run's strategy needs it.
 *
 * <ul>
 *   <li>{@code sgd}: local SGD from the global weights; the update is the weight delta (FedAvg
 *       and every server-side strategy).</li>
 *   <li>{@code prox}: as {@code sgd} with the proximal term (mu/2)||w - w_global||^2 added to
 *       the local objective (FedProx, Li et al. 2020, eq. 2).</li>
 *   <li>{@code scaffold}: local SGD corrected by control variates (SCAFFOLD, Karimireddy et al.
 *       2020, Algorithm 1); {@link #control} is the server's variate c, and the update also
 *       carries the change of the agent's own variate.</li>
 *   <li>{@code newton}: no local training; the update carries the gradient of the summed loss at
 *       the global weights and, when {@link #curvature} is set, its curvature (the Hessian sum
 *       without DP; in record mode the clipped Gram matrix, at most once per run).</li>
 * </ul>
 *
 * @param kind       one of {@link #KINDS}
 * @param proximalMu mu of {@code prox}, 0 otherwise
 * @param curvature  {@code newton}: whether this round's update must carry curvature
 * @param control    {@code scaffold}: the server control variate (model-sized); empty otherwise
 */
public record Procedure(String kind, double proximalMu, boolean curvature, Weights control) {
    public static final String SGD = "sgd";
    public static final String PROX = "prox";
    public static final String SCAFFOLD = "scaffold";
    public static final String NEWTON = "newton";
    public static final Set<String> KINDS = Set.of(SGD, PROX, SCAFFOLD, NEWTON);

    public Procedure {
        Checks.id(kind, "procedure.kind");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("procedure.kind must be one of " + KINDS + ", was " + kind);
        }
        Checks.nonNegative(proximalMu, "procedure.proximalMu");
        Checks.present(control, "procedure.control");
    }

    /** Plain local SGD: what every strategy but newton, prox and scaffold asks for. */
    public static Procedure sgd() {
        return new Procedure(SGD, 0, false, Weights.zeros(0));
    }

    public static Procedure newton(boolean curvature) {
        return new Procedure(NEWTON, 0, curvature, Weights.zeros(0));
    }

    public static Procedure prox(double mu) {
        return new Procedure(PROX, mu, false, Weights.zeros(0));
    }

    public static Procedure scaffold(Weights control) {
        return new Procedure(SCAFFOLD, 0, false, control);
    }
}
