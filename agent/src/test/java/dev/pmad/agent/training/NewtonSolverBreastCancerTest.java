package dev.pmad.agent.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On the demo data: the solver's objective is below what long SGD runs reach on the same objective. */
class NewtonSolverBreastCancerTest {

    @Test
    void optimum_isBelowEverySgdRun_withAVanishingGradient() {
        Path file = RepoData.file(RepoData.BREAST_CANCER);
        Schema schema = SchemaInference.infer(List.of(file), "label");
        Table all = CsvLoader.load(file, schema);
        var encoder = new FeatureEncoder(schema, Standardization.combine(List.of(FeatureEncoder.stats(all))));
        double[][] x = encoder.encode(all);
        int[] y = all.labels();
        var shape = new ModelShape(2, schema.encodedWidth());
        double lambda = 1.0 / x.length;
        var objective = new PenalizedCrossEntropy(x, y, shape, lambda);

        var solution = NewtonSolver.withDefaults().solve(x, y, shape, lambda);

        assertTrue(solution.converged(), solution.stop().toString());
        assertTrue(solution.gradientNorm() < 1e-6, "gradient norm " + solution.gradientNorm());
        assertTrue(Math.abs(objective.value(solution.weights()) - solution.objective()) < 1e-15);
        for (int epochs : new int[] {10, 100}) {
            double[] sgd = new TribuoTrainer(schema, x, y)
                    .train(new double[shape.size()], shape, new TrainingParams(epochs, 0.05, 1, 7), 7);
            assertTrue(solution.objective() < objective.value(sgd),
                    "SGD for " + epochs + " epochs reached " + objective.value(sgd) + " < " + solution.objective());
        }
    }
}
