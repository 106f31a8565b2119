package dev.pmad.privacy.accounting;

/** Argument checks shared by this package, so every message names the argument and the fix. */
final class Checks {
    private Checks() {}

    static double requireNoiseMultiplier(double z) {
        if (!(z >= 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and >= 0, was " + z
                    + ": it is the noise stddev divided by the clip norm (0 means no noise and"
                    + " infinite epsilon)");
        }
        return z;
    }

    static double requireSamplingRate(double q, boolean allowZero) {
        boolean ok = allowZero ? q >= 0 && q <= 1 : q > 0 && q <= 1;
        if (!ok) {
            throw new IllegalArgumentException("samplingRate must be in " + (allowZero ? "[0, 1]" : "(0, 1]")
                    + ", was " + q + ": it is the probability that one record (or agent) takes part"
                    + " in a step, e.g. batch size / dataset size; use 1 without sampling");
        }
        return q;
    }

    static int requireSteps(int steps, int min) {
        if (steps < min) {
            throw new IllegalArgumentException("steps must be >= " + min + ", was " + steps
                    + ": it is the number of noised releases (rounds, or SGD steps)");
        }
        return steps;
    }

    static double requireDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta
                    + ": set DP_DELTA to e.g. 1e-5, below 1 / number of records (RDP accounting"
                    + " cannot give delta = 0)");
        }
        return delta;
    }

    static double requireEpsilon(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("targetEpsilon must be finite and > 0, was " + epsilon
                    + ": set DP_EPSILON to the budget for the whole run, e.g. 1 to 10 (0 disables"
                    + " DP and needs no calibration)");
        }
        return epsilon;
    }

    static double requireLaplaceScale(double b) {
        if (!(b > 0) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("scaleOverSensitivity must be finite and > 0, was " + b
                    + ": it is the Laplace scale b divided by the L1 clip norm (= 1 / per-release epsilon)");
        }
        return b;
    }

    /** Copies and checks an order grid: non-empty, every order finite and &gt; 1. */
    static double[] requireOrders(double[] orders) {
        if (orders == null || orders.length == 0) {
            throw new IllegalArgumentException("orders must be a non-empty array of Renyi orders > 1;"
                    + " use RdpAccountant.defaultOrders()");
        }
        double[] copy = orders.clone();
        for (int k = 0; k < copy.length; k++) {
            if (!(copy[k] > 1) || Double.isInfinite(copy[k])) {
                throw new IllegalArgumentException("orders[" + k + "] must be finite and > 1, was " + copy[k]
                        + ": Renyi divergence of order <= 1 does not compose as RDP");
            }
        }
        return copy;
    }

    static void requireRdp(double[] orders, double[] rdp) {
        if (rdp == null || rdp.length != orders.length) {
            throw new IllegalArgumentException("rdp must have one value per order (" + orders.length
                    + "), had " + (rdp == null ? "null" : rdp.length));
        }
        for (int k = 0; k < rdp.length; k++) {
            if (Double.isNaN(rdp[k])) {
                throw new IllegalArgumentException("rdp[" + k + "] is NaN: the RDP curve was computed"
                        + " from invalid parameters");
            }
        }
    }
}
