package dev.pmad.agent.training;

/**
 * What a privacy audit adds to {@link DpSgdTrainer} and what it sees of it: extra examples whose
 * per-step gradients the audit chooses (gradient canaries), and each step's noised sum of
 * clipped gradients. Runs use {@link #NONE}.
 *
 * <p>The extra examples take exactly the rows' path: Poisson sampling at the same rate, the
 * same clipping, the same noise. The noised sum is what the next iterate reveals anyway (w_t+1
 * = w_t - lr / (q n) x sum), and DP-SGD's accounting covers the release of every iterate, so
 * showing it to an auditor audits the guarantee as stated.
 */
public interface DpSgdProbe {
    /** No extra examples, nothing observed. */
    DpSgdProbe NONE = new DpSgdProbe() {
        @Override
        public int extraExamples() {
            return 0;
        }

        @Override
        public void extraGradient(int step, int example, double[] w, double[] out) {
            throw new IllegalStateException("no extra examples");
        }

        @Override
        public void released(int step, double[] noisySum) {
            // Nothing observes a normal run.
        }
    };

    /** How many extra examples there are, each sampled at every step like a row. */
    int extraExamples();

    /** Writes extra example {@code example}'s gradient at {@code step}, weights {@code w}, into {@code out} (before clipping). */
    void extraGradient(int step, int example, double[] w, double[] out);

    /** Step {@code step}'s noised sum of clipped gradients; a copy the probe may keep. */
    void released(int step, double[] noisySum);
}
