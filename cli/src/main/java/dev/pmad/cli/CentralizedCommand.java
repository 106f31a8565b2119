package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.training.DpSgdTrainer;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.LocalTrainer;
import dev.pmad.agent.training.TribuoTrainer;
import dev.pmad.coordinator.evaluation.Metrics;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "centralized", mixinStandardHelpOptions = true,
        description = "Train the same model on the union of the agents' training splits and evaluate it on the same"
                + " test rows: the reference a federation is measured against.")
final class CentralizedCommand implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin TrainingOptions training;
    @Mixin PrivacyOptions privacy;

    @Option(names = "--json", description = "Print one JSON object on stdout (logs stay on stderr).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long began = System.nanoTime();
        var settings = privacy.settings();
        if (settings.mode() == PrivacyMode.LOCAL || settings.mode() == PrivacyMode.CENTRAL) {
            throw new IllegalArgumentException("--dp-mode " + settings.mode().wireName()
                    + " protects agents, and centralized training has none; use --dp-mode none or record");
        }
        if (training.rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, was " + training.rounds);
        PreparedData prepared = PreparedData.load(data);
        Table train = null;
        Table test = null;
        for (LocalData agent : prepared.agents()) {
            train = train == null ? agent.train() : train.concat(agent.train());
            test = test == null ? agent.test() : test.concat(agent.test());
        }
        var standardization = Standardization.combine(java.util.List.of(FeatureEncoder.stats(train)));
        var encoder = new FeatureEncoder(prepared.schema(), standardization);
        double[][] x = encoder.encode(train);
        double[][] testX = encoder.encode(test);
        var shape = new ModelShape(prepared.schema().classes().size(), prepared.schema().encodedWidth());
        boolean record = settings.mode() == PrivacyMode.RECORD;
        int batch = training.batchSize(record);
        // Same number of passes over the data as the federation: rounds x local epochs.
        var params = new TrainingParams(training.epochs * training.rounds, training.learningRate, batch, data.seed);
        double z = 0;
        LocalTrainer trainer;
        if (record) {
            z = PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, settings.noise(), settings.epsilon(), settings.delta(),
                    1, x.length, batch, params.epochs());
            trainer = new DpSgdTrainer(x, train.labels(), settings.clipNorm(), z, RandomSources.secureRandom());
        } else {
            trainer = new TribuoTrainer(prepared.schema(), x, train.labels());
        }
        double[] w = trainer.train(new double[shape.size()], shape, params, data.seed);
        var counts = EvaluationCounts.of(w, shape, testX, test.labels());
        Metrics m = Metrics.fromConfusion(shape.classes(), counts.confusion(), counts.lossSum(), counts.n());

        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("command", "centralized");
        out.put("trainRows", x.length);
        out.put("testRows", testX.length);
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
        p.put("noiseMultiplier", z);
        out.put("wallSeconds", (System.nanoTime() - began) / 1e9);
        Output.print(out, json);
        return 0;
    }
}
