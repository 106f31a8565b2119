package dev.pmad.spark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark data for {@code bench/spark-heap.sh}: {@code ROWS} rows of 20 numeric features
 * {@code f0..f19}, each standard normal rounded to 6 decimals, and a binary label {@code "0"} /
 * {@code "1"} drawn from a fixed logistic model of the features (so a linear model can learn it
 * and accuracy means something). Deterministic for a given row count: every random column is
 * seeded and the row partitioning is fixed.
 *
 * <p>Writes {@code OUT/parquet/} (a Parquet directory, as Spark writes it), {@code OUT/data.csv}
 * (the same rows, one CSV file with a header) and {@code OUT/schema.json}.
 *
 * <pre>java $SPARK_OPTS -cp "spark-agent/target/pmad-spark-agent.jar:spark-agent/target/lib/*" \
 *     dev.pmad.spark.bench.SyntheticData ROWS OUT</pre>
 */
public final class SyntheticData {
    static final int FEATURES = 20;
    static final long SEED = 20_250_401L;
    static final double BIAS = 0.25;
    private static final int ROWS_PER_FILE = 250_000;

    private SyntheticData() {}

    /** The true model: weights +1, -1, +1, ... shrinking every 5 features (norm about 2.7). */
    static double weight(int i) {
        return (i % 2 == 0 ? 1.0 : -1.0) / (1 + i / 5);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SyntheticData ROWS OUT_DIR");
            System.exit(2);
        }
        long rows = Long.parseLong(args[0].replace("_", ""));
        if (rows < 10) throw new IllegalArgumentException("ROWS must be at least 10, was " + rows);
        Path out = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(out);

        List<FeatureSpec> specs = new ArrayList<>();
        for (int i = 0; i < FEATURES; i++) specs.add(FeatureSpec.numeric("f" + i));
        Schema schema = new Schema("label", List.of("0", "1"), specs);
        schema.write(out.resolve("schema.json"));

        SparkSession spark = SparkSession.builder()
                .appName("pmad-bench-data")
                .master("local[*]")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            long t0 = System.nanoTime();
            int partitions = (int) Math.max(1, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
            Dataset<Long> ids = spark.range(0, rows, 1, partitions);
            Column[] features = new Column[FEATURES];
            for (int i = 0; i < FEATURES; i++) features[i] = round(randn(SEED + i), 6).as("f" + i);
            Dataset<Row> x = ids.select(features);
            Column z = lit(BIAS);
            for (int i = 0; i < FEATURES; i++) z = z.plus(col("f" + i).multiply(weight(i)));
            Column p = lit(1.0).divide(lit(1.0).plus(exp(negate(z))));
            Column[] all = new Column[FEATURES + 1];
            for (int i = 0; i < FEATURES; i++) all[i] = col("f" + i);
            all[FEATURES] = when(rand(SEED + 1000).lt(p), lit("1")).otherwise(lit("0")).as("label");
            Path parquet = out.resolve("parquet");
            x.select(all).write().mode(SaveMode.Overwrite).parquet(parquet.toString());
            long t1 = System.nanoTime();
            System.err.printf("wrote %,d rows to %s in %.1f s%n", rows, parquet, (t1 - t0) / 1e9);

            // The CSV from the Parquet files, so both hold exactly the same rows.
            Path csvDir = out.resolve("csv.tmp");
            spark.read().parquet(parquet.toString()).coalesce(1).write().mode(SaveMode.Overwrite)
                    .option("header", "true").csv(csvDir.toString());
            Path part;
            try (Stream<Path> files = Files.list(csvDir)) {
                part = files.filter(f -> f.getFileName().toString().startsWith("part-")
                        && f.getFileName().toString().endsWith(".csv")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("Spark wrote no part-*.csv in " + csvDir));
            }
            Files.move(part, out.resolve("data.csv"), StandardCopyOption.REPLACE_EXISTING);
            deleteTree(csvDir);
            System.err.printf("wrote %s in %.1f s%n", out.resolve("data.csv"), (System.nanoTime() - t1) / 1e9);
        } finally {
            spark.stop();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
