package dev.pmad.spark.bench;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Seeds;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.engine.InMemoryEngine;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.training.EvaluationCounts;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.config.Env;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.spark.SparkEngineProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;

/**
 * One agent round on one engine, timed, for {@code bench/spark-heap.sh}: what {@code
 * Agent.onRoundStart} and {@code Agent.onEvaluate} do, without a coordinator. Open the engine
 * (the Spark engine reads DATA_PATH itself; the Tribuo engine loads the CSV into this JVM and
 * splits it as {@code ServiceConfig.agentData} does), standardise with this agent's statistics
 * alone, prepare, train from zero weights, compute the mean training loss, evaluate.
 *
 * <pre>OneRound --engine spark|tribuo --schema SCHEMA.json --data PATH [--batch-size B] [--epochs E]</pre>
 *
 * <p>Prints one line of {@code key=value} results on stdout (everything else goes to stderr).
 * An {@link OutOfMemoryError} anywhere in the round prints {@code engine=E
 * result=OutOfMemoryError after X s phase=P} and exits with code 3. The Spark engine reads
 * {@code SPARK_MASTER} from the environment (default {@code local[2]}), holds out
 * {@code TEST_FRACTION=0.2} with {@code PARTITION_SEED=42}; the Tribuo engine uses the same
 * fraction and seed.
 */
public final class OneRound {
    static final double TEST_FRACTION = 0.2;
    static final long PARTITION_SEED = 42;
    static final double LEARNING_RATE = 0.1;
    static final long TRAINING_SEED = 1;

    private static volatile String phase = "start";
    private static final long START = System.nanoTime();

    private OneRound() {}

    record Options(String engine, Path schema, String data, int batchSize, int epochs) {}

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: OneRound --engine spark|tribuo --schema SCHEMA.json --data PATH [--batch-size B] [--epochs E]");
            System.exit(2);
            return;
        }
        HeapWatch.install();
        int code;
        try {
            System.out.println(round(options));
            code = 0;
        } catch (OutOfMemoryError e) {
            // round()'s frames are gone, and with them every reference to the data: there is room again.
            System.out.println("engine=" + options.engine() + " result=OutOfMemoryError after " + seconds(START)
                    + " s phase=" + phase + " max_heap_mb=" + mb(Runtime.getRuntime().maxMemory())
                    + " peak_heap_mb=" + mb(HeapWatch.peak()) + " max_heap_after_gc_mb=" + mb(HeapWatch.maxAfterGc())
                    + " gc_count=" + HeapWatch.collections());
            code = 3;
        } catch (Exception e) {
            // Spark reports an executor's OutOfMemoryError as a failed job (a SparkException, which
            // is checked in Java but thrown undeclared from Scala).
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            boolean oom = root instanceof OutOfMemoryError || String.valueOf(e.getMessage()).contains("OutOfMemoryError");
            System.out.println("engine=" + options.engine() + " result=" + (oom ? "OutOfMemoryError" : "failed") + " after "
                    + seconds(START) + " s phase=" + phase + " error=\"" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "\"");
            e.printStackTrace();
            code = oom ? 3 : 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static String round(Options o) {
        Schema schema = Schema.read(o.schema());
        ModelShape shape = new ModelShape(schema.classes().size(), schema.encodedWidth());
        var out = new StringBuilder();
        put(out, "engine", o.engine());

        phase = "load";
        long loadStartMillis = System.currentTimeMillis();
        long t = System.nanoTime();
        try (LocalEngine engine = open(o, schema)) {
            String load = seconds(t);
            boolean spark = engine.kind().equals(SparkEngineProvider.KIND);
            put(out, "rows", engine.trainSize() + engine.testSize());
            put(out, "train_rows", engine.trainSize());
            put(out, "test_rows", engine.testSize());

            // As the coordinator would with this one agent: the global standardisation from its JOIN statistics.
            Standardization standardization = Standardization.combine(List.of(engine.trainStats()));
            var params = new TrainingParams(o.epochs(), LEARNING_RATE, o.batchSize(), TRAINING_SEED);
            long seed = Seeds.mix(params.seed(), 1, Seeds.of("agent-1")); // round 1 of agent-1, as Agent does
            phase = "prepare+train";
            t = System.nanoTime();
            engine.prepare(standardization);
            double[] w = engine.train(new double[shape.size()], shape, params, seed);
            String train = seconds(t);
            phase = "train loss";
            t = System.nanoTime();
            double loss = engine.meanTrainLoss(w, shape);
            String trainLoss = seconds(t);
            phase = "evaluate";
            t = System.nanoTime();
            EvaluationCounts counts = engine.evaluate(w, shape);
            String evaluate = seconds(t);

            long correct = 0;
            for (int c = 0; c < shape.classes(); c++) correct += counts.confusion()[c * shape.classes() + c];
            put(out, "load_s", load);
            if (spark && JobTimes.firstJobMillis.get() > 0) {
                // Until the session's probe job: JVM-side Spark start-up; the rest of load_s is reading the data.
                put(out, "of_which_spark_start_s", String.format(Locale.ROOT, "%.1f",
                        (JobTimes.firstJobMillis.get() - loadStartMillis) / 1e3));
            }
            put(out, "prepare_train_s", train);
            put(out, "train_loss_s", trainLoss);
            put(out, "evaluate_s", evaluate);
            put(out, "total_s", seconds(START));
            put(out, "steps", (long) o.epochs() * ((engine.trainSize() + o.batchSize() - 1) / o.batchSize()));
            put(out, "batch_size", o.batchSize());
            put(out, "epochs", o.epochs());
            put(out, "mean_train_loss", String.format(Locale.ROOT, "%.4f", loss));
            put(out, "accuracy", String.format(Locale.ROOT, "%.4f", counts.n() == 0 ? Double.NaN : (double) correct / counts.n()));
            put(out, "max_heap_mb", mb(Runtime.getRuntime().maxMemory()));
            put(out, "peak_heap_mb", mb(HeapWatch.peak()));
            put(out, "max_heap_after_gc_mb", mb(HeapWatch.maxAfterGc()));
            put(out, "gc_count", HeapWatch.collections());
            put(out, "gc_pause_s", String.format(Locale.ROOT, "%.1f", HeapWatch.pauseMillis() / 1e3));
            if (spark) sparkStorage(out);
            phase = "measuring";
            // What the engine still holds once the round is done (after a full collection).
            System.gc();
            put(out, "live_heap_after_round_mb", mb(HeapWatch.used()));
            phase = "close";
        }
        return out.toString();
    }

    private static LocalEngine open(Options o, Schema schema) {
        if (o.engine().equals("spark")) {
            Map<String, String> env = new HashMap<>();
            env.put("DATA_PATH", o.data());
            env.put("TEST_FRACTION", Double.toString(TEST_FRACTION));
            env.put("PARTITION_SEED", Long.toString(PARTITION_SEED));
            String master = Env.system().string("SPARK_MASTER", "local[2]");
            // Spark copies spark.* system properties into the engine's SparkConf.
            String listeners = System.getProperty("spark.extraListeners");
            System.setProperty("spark.extraListeners", listeners == null || listeners.isBlank()
                    ? JobTimes.class.getName() : listeners + "," + JobTimes.class.getName());
            env.put("SPARK_MASTER", master);
            return new SparkEngineProvider().open(schema, env);
        }
        // ServiceConfig.agentData with PARTITION=none: every row, then a seeded train/test split.
        Table table = CsvLoader.load(Path.of(o.data()), schema);
        int[] rows = new int[table.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        int[][] split = Partitioner.trainTest(rows, TEST_FRACTION, PARTITION_SEED, 0);
        return new InMemoryEngine(new LocalData(schema, table.select(split[0]), table.select(split[1])), TrainerFactory.tribuo());
    }

    /** What Spark's block manager holds of the cached, encoded rows: in memory and spilled to disk. */
    private static void sparkStorage(StringBuilder out) {
        SparkSession spark = SparkSession.getDefaultSession().getOrElse(() -> null);
        if (spark == null) return;
        long memory = 0;
        long disk = 0;
        int partitions = 0;
        int cached = 0;
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            memory += info.memSize();
            disk += info.diskSize();
            partitions += info.numPartitions();
            cached += info.numCachedPartitions();
        }
        put(out, "spark_master", spark.sparkContext().master());
        put(out, "cached_partitions", cached + "/" + partitions);
        put(out, "cache_in_memory_mb", mb(memory));
        put(out, "cache_on_disk_mb", mb(disk));
        put(out, "spark_jobs", JobTimes.jobs.get());
        put(out, "spark_tasks", JobTimes.tasks.get());
        put(out, "task_gc_s", String.format(Locale.ROOT, "%.1f", JobTimes.gcMillis.get() / 1e3));
        put(out, "task_run_s", String.format(Locale.ROOT, "%.1f", JobTimes.runMillis.get() / 1e3));
        put(out, "shuffle_spill_disk_mb", mb(JobTimes.diskSpilled.get()));
    }

    private static Options parse(String[] args) {
        String engine = null;
        String schema = null;
        String data = null;
        int batch = 500_000;
        int epochs = 1;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value");
            String value = args[++i];
            switch (name) {
                case "--engine" -> engine = value;
                case "--schema" -> schema = value;
                case "--data" -> data = value;
                case "--batch-size" -> batch = Integer.parseInt(value.replace("_", ""));
                case "--epochs" -> epochs = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (!"spark".equals(engine) && !"tribuo".equals(engine)) throw new IllegalArgumentException("--engine must be spark or tribuo");
        if (schema == null) throw new IllegalArgumentException("--schema is required");
        if (data == null) throw new IllegalArgumentException("--data is required");
        if (batch < 1 || epochs < 1) throw new IllegalArgumentException("--batch-size and --epochs must be at least 1");
        return new Options(engine, Path.of(schema), data, batch, epochs);
    }

    private static void put(StringBuilder out, String key, Object value) {
        if (!out.isEmpty()) out.append(' ');
        out.append(key).append('=').append(value);
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9);
    }

    private static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }
}
