package dev.pmad.cli;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.coordinator.evaluation.HeldOutEvaluation;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import java.util.List;

/**
 * Rows the coordinator scores each round's model on ({@link HeldOutEvaluation}): a deployment's
 * public {@code EVAL_DATA_PATH}, or in a simulation the union of the agents' test splits, which
 * gives exactly the numbers a federated evaluation of the same rows would, without the noise a
 * DP-only agent adds to what it releases.
 */
public final class HeldOutData implements HeldOutEvaluation {
    private final Schema schema;
    private final Table rows;
    private Standardization encodedWith;
    private double[][] x;

    public HeldOutData(Schema schema, Table rows) {
        this.schema = schema;
        this.rows = rows;
    }

    /** The union of the simulated agents' test splits, in agent order. */
    public static HeldOutData union(Schema schema, List<LocalData> agents) {
        Table all = agents.get(0).test();
        for (int i = 1; i < agents.size(); i++) all = all.concat(agents.get(i).test());
        return new HeldOutData(schema, all);
    }

    public int size() {
        return rows.size();
    }

    @Override
    public Metrics evaluate(double[] global, ModelShape shape, Standardization standardization) {
        if (!standardization.equals(encodedWith)) {
            x = new FeatureEncoder(schema, standardization).encode(rows);
            encodedWith = standardization;
        }
        EvaluationCounts counts = EvaluationCounts.of(global, shape, x, rows.labels());
        return Metrics.fromConfusion(shape.classes(), counts.confusion(), counts.lossSum(), counts.n());
    }
}
