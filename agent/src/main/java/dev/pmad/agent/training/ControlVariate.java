package dev.pmad.agent.training;

import java.util.Objects;

/**
 * One agent's SCAFFOLD control variate c_i (Karimireddy et al. 2020, "SCAFFOLD: Stochastic
 * Controlled Averaging for Federated Learning", Algorithm 1), kept for the run in progress.
 *
 * <p>A round with server variate c runs K local steps y &lt;- y - eta_l (g_i(y) - c_i + c) from the
 * global model x ({@link #correction}: the shift c - c_i), then updates the variate by the
 * paper's option II,
 * <pre>
 *   c_i+ = c_i - c + (x - y) / (K eta_l)
 * </pre>
 * (the mean corrected gradient along the way, plus c_i - c, which leaves the mean raw gradient
 * g_i of the steps) and sends Delta c_i = c_i+ - c_i beside Delta y ({@link #advance}).
 *
 * <p>The variate lives in memory, for one run: a round of another run starts again from c_i = 0,
 * the paper's start. An agent that restarts mid-run also starts from 0 while the coordinator's
 * c still holds its old variate; its own c_i is right again after one round (c_i+ does not depend
 * on c_i), but c keeps the lost variate, times the agent's share of the rows, for the rest of the
 * run.
 * Loop-thread only, like the rest of the agent.
 */
public final class ControlVariate {
    private String runId = "";
    private double[] variate = new double[0];

    /** This agent's c_i in {@code runId}: zeros for a run it has no variate for. */
    public double[] variate(String runId, int size) {
        Objects.requireNonNull(runId, "runId");
        if (!runId.equals(this.runId) || variate.length != size) return new double[size];
        return variate.clone();
    }

    /** The shift c - c_i every local step of this round adds to its gradient. */
    public DriftCorrection correction(String runId, double[] serverControl) {
        double[] ci = variate(runId, serverControl.length);
        double[] shift = new double[serverControl.length];
        for (int k = 0; k < shift.length; k++) shift[k] = serverControl[k] - ci[k];
        return DriftCorrection.shift(shift);
    }

    /**
     * After the round's local steps: keeps c_i+ (option II) and returns Delta c_i = c_i+ - c_i.
     *
     * @param serverControl c, as the round sent it
     * @param global        x, the weights the steps started from
     * @param local         y, the weights after the K steps
     * @param steps         K, at least 1
     * @param learningRate  eta_l of the round
     */
    public double[] advance(String runId, double[] serverControl, double[] global, double[] local, int steps,
                            double learningRate) {
        int size = serverControl.length;
        if (global.length != size || local.length != size) {
            throw new IllegalArgumentException("c has " + size + " values, x " + global.length + " and y " + local.length);
        }
        if (steps < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("option II needs K >= 1 steps and a rate above 0, got " + steps + " and " + learningRate);
        }
        double[] ci = variate(runId, size);
        double[] next = new double[size];
        double[] change = new double[size];
        double scale = 1.0 / (steps * learningRate);
        for (int k = 0; k < size; k++) {
            next[k] = ci[k] - serverControl[k] + (global[k] - local[k]) * scale;
            change[k] = next[k] - ci[k];
        }
        this.runId = runId;
        this.variate = next;
        return change;
    }

    /** The run is over: its variate is of no further use. */
    public void forget() {
        runId = "";
        variate = new double[0];
    }
}
