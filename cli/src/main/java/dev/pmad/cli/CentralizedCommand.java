package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.training.SgdTrainer;
import dev.pmad.agent.training.DpSgdTrainer;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.LocalTrainer;
import dev.pmad.agent.training.NewtonSolver;
import dev.pmad.agent.training.PenalizedCrossEntropy;
import dev.pmad.cli.SolverOptions.Solver;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "centralized", mixinStandardHelpOptions = true,
        description = "Fit the same model to the union of the agents' training splits and evaluate it on the same test"
                + " rows: the reference a federation is measured against. By default the exact optimum of the"
                + " L2-penalised mean cross-entropy (--solver exact); --solver sgd trains as the agents do.")
final class CentralizedCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CentralizedCommand.class);
    private static final List<String> SGD_OPTIONS = List.of("--rounds", "--epochs", "--learning-rate", "--lr-decay", "--batch-size");

    @Mixin DataOptions data;
    @Mixin TrainingOptions training;
    @Mixin PrivacyOptions privacy;
    @Mixin SolverOptions solverOptions;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object on stdout (logs stay on stderr).")
    boolean json;

    /**
     * The fitted weights and how they were reached.
     *
     * @param iterations   Newton steps (exact) or passes over the training rows (sgd)
     * @param objective    the penalised mean training loss at the weights; null where it would be an unnoised release
     * @param gradientNorm the norm of its gradient there; null likewise
     * @param converged    whether the exact solver reached its tolerance; null for sgd
     */
    private record Fit(double[] weights, Solver solver, double l2, int iterations, Double objective, Double gradientNorm,
                       Boolean converged, double noiseMultiplier) {}

    @Override
    public Integer call() throws Exception {
        long began = System.nanoTime();
        var settings = privacy.settings();
        if (settings.mode() == PrivacyMode.LOCAL || settings.mode() == PrivacyMode.CENTRAL) {
            throw new IllegalArgumentException("--dp-mode " + settings.mode().wireName()
                    + " protects agents, and centralized training has none; use --dp-mode none or record");
        }
        boolean record = settings.mode() == PrivacyMode.RECORD;
        Solver solver = solverOptions.solver(record);
        if (solver == Solver.SGD) training.validate();
        if (solver == Solver.SGD && training.rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, was " + training.rounds);
        }
        PreparedData prepared = PreparedData.load(data);
        Table train = null;
        Table test = null;
        for (LocalData agent : prepared.agents()) {
            train = train == null ? agent.train() : train.concat(agent.train());
            test = test == null ? agent.test() : test.concat(agent.test());
        }
        var standardization = Standardization.combine(List.of(FeatureEncoder.stats(train)));
        var encoder = new FeatureEncoder(prepared.schema(), standardization);
        double[][] x = encoder.encode(train);
        double[][] testX = encoder.encode(test);
        var shape = new ModelShape(prepared.schema().classes().size(), prepared.schema().encodedWidth());
        Fit fit = switch (solver) {
            case EXACT -> exact(x, train.labels(), shape);
            case SGD -> sgd(x, train.labels(), shape, record);
        };
        var counts = EvaluationCounts.of(fit.weights(), shape, testX, test.labels());
        Metrics m = Metrics.fromConfusion(shape.classes(), counts.confusion(), counts.lossSum(), counts.n());

        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("command", "centralized");
        out.put("trainRows", x.length);
        out.put("testRows", testX.length);
        out.put("solver", fit.solver().wireName());
        out.put("l2", fit.l2());
        out.put("iterations", fit.iterations());
        out.put("objective", fit.objective());
        out.put("gradientNorm", fit.gradientNorm());
        out.put("converged", fit.converged());
        ObjectNode fin = out.putObject("final");
        fin.put("accuracy", m.accuracy());
        fin.put("loss", m.loss());
        fin.put("precision", m.precision());
        fin.put("recall", m.recall());
        fin.put("f1", m.f1());
        fin.put("n", m.n());
        ObjectNode p = out.putObject("privacy");
        p.put("mode", settings.mode().wireName());
        p.put("epsilonSpent", record ? settings.epsilon() : 0);
        p.put("delta", settings.delta());
        p.put("noiseMultiplier", fit.noiseMultiplier());
        out.put("wallSeconds", (System.nanoTime() - began) / 1e9);
        Output.print(out, json);
        return 0;
    }

    private Fit exact(double[][] x, int[] y, ModelShape shape) {
        List<String> ignored = SGD_OPTIONS.stream().filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
        if (!ignored.isEmpty()) log.info("--solver exact ignores {} (options of --solver sgd)", String.join(", ", ignored));
        double l2 = solverOptions.l2(x.length);
        var solution = NewtonSolver.withDefaults().solve(x, y, shape, l2);
        if (!solution.converged()) {
            log.warn("The exact solver stopped ({}) after {} iterations at gradient norm {}", solution.stop(),
                    solution.iterations(), solution.gradientNorm());
        }
        return new Fit(solution.weights(), Solver.EXACT, l2, solution.iterations(), solution.objective(),
                solution.gradientNorm(), solution.converged(), 0);
    }

    private Fit sgd(double[][] x, int[] y, ModelShape shape, boolean record) {
        var settings = privacy.settings();
        int batch = training.batchSize(record);
        // Same number of passes over the data as the federation: rounds x local epochs.
        var params = new TrainingParams(training.epochs * training.rounds, training.learningRate, batch, data.seed);
        double z = 0;
        LocalTrainer trainer;
        if (record) {
            z = PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, settings.noise(), settings.epsilon(), settings.delta(),
                    1, x.length, batch, params.epochs());
            trainer = new DpSgdTrainer(x, y, settings.clipNorm(), z, RandomSources.secureRandom());
        } else {
            trainer = new SgdTrainer(x, y);
        }
        double[] w = trainer.train(new double[shape.size()], shape, params, data.seed);
        if (record) {
            // The exact training loss of a DP model is a release its epsilon does not cover.
            return new Fit(w, Solver.SGD, 0, params.epochs(), null, null, null, z);
        }
        var objective = new PenalizedCrossEntropy(x, y, shape, 0);
        return new Fit(w, Solver.SGD, 0, params.epochs(), objective.value(w), objective.gradientNorm(w), null, z);
    }
}
