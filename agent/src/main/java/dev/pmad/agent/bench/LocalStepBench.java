package dev.pmad.agent.bench;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Partition;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Seeds;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.engine.InMemoryEngine;
import dev.pmad.agent.training.Softmax;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.protocol.FeatureStats;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The local step of a simulated FedAvg federation, timed: what {@code pmad simulate} gives its
 * agents (schema inferred from the CSV, {@code iid} partition from the seed, standardisation
 * from every agent's statistics, each agent's seed per round derived as {@code Agent} derives
 * it), then R rounds in which every agent trains one local step from the global model on this
 * thread, one after the other, and the global model becomes the row-weighted mean. A round's time
 * is the sum of its agents' {@code engine.train} calls: the local training of the whole data set
 * once per epoch, without messaging, evaluation or the JVM's start.
 *
 * <pre>LocalStepBench --data F.csv [--label COL] [--agents N] [--rounds R] [--epochs E]
 *                [--learning-rate LR] [--seed S] [--export DIR]</pre>
 *
 * <p>Prints one JSON object on stdout: rows, features, every round's milliseconds of wall time and
 * of this thread's CPU time, their medians over rounds 2..R (round 1 includes the JIT's warm-up)
 * and the final model's mean training loss. With {@code --export DIR} it first writes each agent's encoded rows as little-endian
 * float64 ({@code agent-i.x}, row-major) and int32 labels ({@code agent-i.y}), plus {@code
 * meta.txt} (agents, features, rows per agent), for {@code bench/local-step.sh}'s scikit-learn side.
 */
public final class LocalStepBench {
    private LocalStepBench() {}

    public static void main(String[] args) throws IOException {
        Path data = null;
        String label = "label";
        int agents = 5;
        int rounds = 20;
        int epochs = 1;
        double learningRate = 0.05;
        long seed = 42;
        Path export = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(required(args[i], value));
                case "--label" -> label = required(args[i], value);
                case "--agents" -> agents = Integer.parseInt(required(args[i], value));
                case "--rounds" -> rounds = Integer.parseInt(required(args[i], value));
                case "--epochs" -> epochs = Integer.parseInt(required(args[i], value));
                case "--learning-rate" -> learningRate = Double.parseDouble(required(args[i], value));
                case "--seed" -> seed = Long.parseLong(required(args[i], value));
                case "--export" -> export = Path.of(required(args[i], value));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (data == null) usage("--data is required");
        if (rounds < 2) usage("--rounds must be at least 2 (round 1 is left out of the median)");

        Schema schema = SchemaInference.infer(List.of(data), label, true);
        Table table = CsvLoader.load(data, schema);
        int[][] parts = Partitioner.split(table.labels(), schema.classes().size(), agents, Partition.IID, seed);
        var engines = new ArrayList<InMemoryEngine>();
        var stats = new ArrayList<FeatureStats>();
        for (int[] part : parts) {
            var engine = new InMemoryEngine(new LocalData(schema, table.select(part), table.select(new int[0])),
                    TrainerFactory.tribuo());
            engines.add(engine);
            stats.add(engine.trainStats());
        }
        // As the coordinator does from the agents' JOIN statistics; encoding happens here, once, not per round.
        Standardization standardization = Standardization.combine(stats);
        for (InMemoryEngine engine : engines) engine.prepare(standardization);
        if (export != null) export(export, schema, standardization, engines);

        ModelShape shape = new ModelShape(schema.classes().size(), schema.encodedWidth());
        var params = new TrainingParams(epochs, learningRate, 1, seed);
        double[] global = new double[shape.size()];
        double[] roundMs = new double[rounds];
        double[] roundCpuMs = new double[rounds];
        // CPU time of this thread as well as wall time: on a shared machine the wall time also
        // counts the time other processes held the core.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            double[] next = new double[shape.size()];
            long nanos = 0;
            long cpuNanos = 0;
            for (int a = 0; a < engines.size(); a++) {
                InMemoryEngine engine = engines.get(a);
                long agentSeed = Seeds.mix(seed, round, Seeds.of("agent-" + (a + 1)));
                long cpuBegan = threads.getCurrentThreadCpuTime();
                long began = System.nanoTime();
                double[] local = engine.train(global, shape, params, agentSeed);
                nanos += System.nanoTime() - began;
                cpuNanos += threads.getCurrentThreadCpuTime() - cpuBegan;
                double weight = engine.trainSize() / (double) table.size();
                for (int k = 0; k < next.length; k++) next[k] += weight * local[k];
            }
            global = next;
            roundMs[round - 1] = nanos / 1e6;
            roundCpuMs[round - 1] = cpuNanos / 1e6;
        }

        double[][] x = new FeatureEncoder(schema, standardization).encode(table);
        double loss = Softmax.meanLoss(global, shape, x, table.labels());
        var out = new StringBuilder("{");
        out.append("\"engine\":\"pmad\",\"rows\":").append(table.size());
        out.append(",\"features\":").append(shape.features()).append(",\"classes\":").append(shape.classes());
        out.append(",\"agents\":").append(agents).append(",\"epochs\":").append(epochs);
        out.append(",\"learningRate\":").append(learningRate).append(",\"batchSize\":1");
        out.append(",\"roundMs\":").append(json(roundMs));
        out.append(",\"medianRoundMs\":").append(String.format(Locale.ROOT, "%.3f", medianAfterFirst(roundMs)));
        out.append(",\"roundCpuMs\":").append(json(roundCpuMs));
        out.append(",\"medianRoundCpuMs\":").append(String.format(Locale.ROOT, "%.3f", medianAfterFirst(roundCpuMs)));
        out.append(",\"meanTrainLoss\":").append(String.format(Locale.ROOT, "%.5f", loss)).append('}');
        System.out.println(out);
    }

    private static void export(Path dir, Schema schema, Standardization standardization, List<InMemoryEngine> engines)
            throws IOException {
        Files.createDirectories(dir);
        var encoder = new FeatureEncoder(schema, standardization);
        var meta = new StringBuilder();
        meta.append("agents ").append(engines.size()).append('\n');
        meta.append("features ").append(schema.encodedWidth()).append('\n');
        for (int a = 0; a < engines.size(); a++) {
            Table train = engines.get(a).data().train();
            double[][] x = encoder.encode(train);
            ByteBuffer xs = ByteBuffer.allocate(x.length * schema.encodedWidth() * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] row : x) for (double v : row) xs.putDouble(v);
            Files.write(dir.resolve("agent-" + (a + 1) + ".x"), xs.array());
            ByteBuffer ys = ByteBuffer.allocate(x.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : train.labels()) ys.putInt(v);
            Files.write(dir.resolve("agent-" + (a + 1) + ".y"), ys.array());
            meta.append("rows ").append(x.length).append('\n');
        }
        Files.writeString(dir.resolve("meta.txt"), meta);
    }

    /** The median of rounds 2..R: round 1 holds the JIT's warm-up. */
    private static double medianAfterFirst(double[] ms) {
        double[] later = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(later);
        int m = later.length / 2;
        return later.length % 2 == 1 ? later[m] : (later[m - 1] + later[m]) / 2;
    }

    private static String json(double[] values) {
        var out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", values[i]));
        return out.append(']').toString();
    }

    private static String required(String option, String value) {
        if (value == null) usage(option + " needs a value");
        return value;
    }

    private static void usage(String problem) {
        System.err.println("LocalStepBench: " + problem);
        System.err.println("usage: LocalStepBench --data F.csv [--label COL] [--agents N] [--rounds R] [--epochs E]"
                + " [--learning-rate LR] [--seed S] [--export DIR]");
        System.exit(2);
    }
}
