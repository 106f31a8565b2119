package dev.pmad.coordinator.aggregation;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.Weights;
import java.util.List;
import java.util.Map;

/**
 * SCAFFOLD (Karimireddy, Kale, Mohri, Reddi, Stich and Suresh 2020, "SCAFFOLD: Stochastic
 * Controlled Averaging for Federated Learning", ICML, Algorithm 1). The coordinator keeps a
 * control variate c, an estimate of the federation's gradient, and sends it with the global model
 * x. Each agent keeps its own c_i (an estimate of its data's gradient) and runs K local steps
 * corrected for the difference,
 * <pre>
 *   y &lt;- y - eta_l (g_i(y) - c_i + c)                                     (line 10)
 *   c_i+ = c_i - c + (x - y) / (K eta_l)                                  (line 12, option II)
 * </pre>
 * and sends Delta y = y - x and Delta c_i = c_i+ - c_i (the agent's {@code ControlVariate}). The
 * coordinator then takes (lines 16-17)
 * <pre>
 *   x &lt;- x + eta_g sum_{i in S} (n_i / n_S) Delta y_i
 *   c &lt;- c +       sum_{i in S} (n_i / n)   Delta c_i
 * </pre>
 * with n_i an agent's rows, n_S those of the round's agents and n those of all the run's agents.
 * The paper averages uniformly, for an objective that is the plain mean of the agents' losses;
 * PMAD's objective is the loss over all rows (what {@code pmad centralized} fits), so agents weigh
 * by their rows as in FedAvg, and c stays the row-weighted mean of the c_i. With equal row counts
 * these are the paper's {@code (1/|S|) sum Delta y_i} and {@code (|S|/N) (1/|S|) sum Delta c_i}.
 * Under label skew the correction -c_i + c cancels each agent's pull toward its own optimum, which
 * is what lets many local steps help instead of drift.
 *
 * <p><b>Default eta_g = 1</b>, the global step of the paper's experiments (their section 7), with
 * which x moves by the plain weighted mean of the agents' steps.
 *
 * <p><b>No DP.</b> Delta c_i is computed from an agent's rows like Delta y, and no mode here clips,
 * noises or charges it: SCAFFOLD is refused in every privacy mode ({@link #unsupported}), and
 * agents refuse a SCAFFOLD round in a DP mode themselves. Use {@link FedProx} or FedAvg with DP.
 * Not for rounds where some agents may be hostile: one update moves both x and c anywhere.
 */
public final class Scaffold implements Strategy {
    static final String NAME = "scaffold";
    static final String SUMMARY = "local steps corrected by control variates (Karimireddy et al. 2020); runs without DP only";
    static final StrategyOption ETA_G = StrategyOption.positive("eta_g", 1.0, "global (server) learning rate");
    static final List<StrategyOption> OPTIONS = List.of(ETA_G);

    private final double etaG;
    private final long runSamples; // rows of all the run's agents; 0 until bound by forRun

    public Scaffold() {
        this(ETA_G.defaultValue());
    }

    public Scaffold(double etaG) {
        this(etaG, 0);
    }

    private Scaffold(double etaG, long runSamples) {
        this.etaG = ETA_G.check(NAME, etaG);
        this.runSamples = runSamples;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Double> options() {
        return StrategyOption.values(OPTIONS, etaG);
    }

    @Override
    public String unsupported(PrivacyMode mode) {
        return mode == PrivacyMode.NONE ? null
                : "scaffold sends each agent's control-variate change beside its delta, a second release from the agent's"
                        + " rows that DP mode " + mode.wireName() + " does not clip, noise or charge; use --strategy fedprox"
                        + " or fedavg with DP";
    }

    /** Bound to the run's total rows, the n of c's update when not every agent reports in a round. */
    @Override
    public Strategy forRun(RunContext context) {
        String problem = unsupported(context.mode());
        if (problem != null) throw new IllegalArgumentException(problem);
        return new Scaffold(etaG, context.trainSamples());
    }

    @Override
    public StrategyState initialState(int modelSize) {
        return new StrategyState.ServerControl(Weights.zeros(modelSize));
    }

    /** The server's c, the same for every agent. */
    @Override
    public Procedure procedure(String agent, StrategyState state) {
        if (!(state instanceof StrategyState.ServerControl control)) {
            throw new IllegalArgumentException("scaffold needs a ServerControl state, got " + state);
        }
        return Procedure.scaffold(control.control());
    }

    @Override
    public Step aggregate(double[] global, List<AgentUpdate> updates, StrategyState state) {
        Deltas.check(this, global, updates);
        double[] c = Deltas.state(this, state, StrategyState.ServerControl.class, global.length).control().toArray();
        long roundSamples = 0;
        for (AgentUpdate u : updates) {
            if (u.control().size() != global.length) {
                throw new IllegalArgumentException(NAME + ": agent " + u.agent() + " sent a control-variate change of "
                        + u.control().size() + " values, the model has " + global.length + " (is it running scaffold?)");
            }
            roundSamples += u.samples();
        }
        double[] mean = Deltas.weightedMean(updates);
        double[] model = new double[global.length];
        for (int k = 0; k < model.length; k++) model[k] = global[k] + etaG * mean[k];
        // Agents that joined after the run was bound are not in runSamples: never weigh above 1 in total.
        double total = Math.max(runSamples, roundSamples);
        for (AgentUpdate u : updates) {
            double weight = u.samples() / total;
            for (int k = 0; k < c.length; k++) c[k] += weight * u.control().get(k);
        }
        return new Step(model, new StrategyState.ServerControl(Weights.of(c)));
    }

    @Override
    public String toString() {
        return NAME + options();
    }
}
