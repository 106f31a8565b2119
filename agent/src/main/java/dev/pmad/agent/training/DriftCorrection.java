package dev.pmad.agent.training;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What FedProx and SCAFFOLD add to the mean data gradient of every local step, both against
 * client drift (local models wandering off toward their own data's optimum under label skew):
 * <pre>
 *   step gradient = mean over the batch of grad loss(w)  +  mu (w - w_start)  +  shift
 * </pre>
 * {@code mu (w - w_start)} is the gradient of FedProx's proximal term (mu/2)||w - w_start||^2
 * (Li et al. 2020, eq. 2), {@code w_start} being the round's global model; {@code shift} is
 * SCAFFOLD's correction c - c_i (Karimireddy et al. 2020, Algorithm 1, line 10). Neither term
 * reads a record, which is why record-level DP-SGD may add the proximal term after its noise
 * ({@link DpSgdTrainer}); the shift is built from this agent's earlier (unnoised) updates, so a
 * DP round never takes one.
 *
 * <p>Serializable because the Spark engine ships it to its executors.
 *
 * @param mu    the proximal coefficient, {@code >= 0}
 * @param shift a constant added to every step's gradient, model-sized, or empty for none
 */
public record DriftCorrection(double mu, double[] shift) implements Serializable {
    /** Plain SGD: no proximal term, no shift. */
    public static final DriftCorrection NONE = new DriftCorrection(0, new double[0]);

    public DriftCorrection {
        if (!(mu >= 0) || !Double.isFinite(mu)) throw new IllegalArgumentException("mu must be a finite number >= 0, was " + mu);
        shift = shift.clone();
        for (int i = 0; i < shift.length; i++) {
            if (!Double.isFinite(shift[i])) throw new IllegalArgumentException("shift[" + i + "] is not finite: " + shift[i]);
        }
    }

    /** FedProx's proximal term alone. */
    public static DriftCorrection proximal(double mu) {
        return mu == 0 ? NONE : new DriftCorrection(mu, new double[0]);
    }

    /** SCAFFOLD's constant correction alone. */
    public static DriftCorrection shift(double[] shift) {
        return new DriftCorrection(0, shift);
    }

    @Override
    public double[] shift() {
        return shift.clone();
    }

    /** Whether this adds nothing: then local training is plain SGD. */
    public boolean none() {
        if (mu != 0) return false;
        for (double s : shift) if (s != 0) return false;
        return true;
    }

    /** Whether it adds a shift (SCAFFOLD), which record-level DP cannot take. */
    public boolean shifted() {
        for (double s : shift) if (s != 0) return true;
        return false;
    }

    /**
     * Adds the correction at {@code w} to {@code gradient} in place.
     *
     * @throws IllegalArgumentException if the shift is not sized for the model
     */
    public void addInPlace(double[] gradient, double[] w, double[] start) {
        if (shift.length != 0 && shift.length != gradient.length) {
            throw new IllegalArgumentException("the shift has " + shift.length + " values, the model " + gradient.length);
        }
        if (mu != 0) {
            for (int k = 0; k < gradient.length; k++) gradient[k] += mu * (w[k] - start[k]);
        }
        if (shift.length != 0) {
            for (int k = 0; k < gradient.length; k++) gradient[k] += shift[k];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftCorrection d && Double.compare(d.mu, mu) == 0 && Arrays.equals(d.shift, shift);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(mu) + Arrays.hashCode(shift);
    }

    @Override
    public String toString() {
        return "DriftCorrection[mu=" + mu + ", shift=" + (shift.length == 0 ? "none" : shift.length + " values") + "]";
    }
}
