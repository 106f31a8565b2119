package dev.pmad.spark;

import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Seeds;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Where a Spark agent's rows come from: {@code DATA_PATH}, any path Spark reads (a CSV file with a
 * header, a Parquet, ORC or JSON file or directory, local or on a cluster file system), and
 * either {@code TEST_DATA_PATH} or a {@code TEST_FRACTION} of the rows held out for evaluation.
 *
 * <p>The held-out rows are chosen per partition by a generator seeded with {@code seed} and the
 * partition index, so re-reading the same files picks the same rows without loading them all:
 * the split is recomputed, never collected.
 */
public record SparkSource(String path, String testPath, double testFraction, long seed) {
    public enum Format { CSV, PARQUET, ORC, JSON }

    public SparkSource {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("DATA_PATH is not set: point it at this agent's data");
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("TEST_FRACTION must be in [0, 1), was " + testFraction);
        }
    }

    String describe() {
        return "DATA_PATH=" + path + (testPath != null ? " (TEST_DATA_PATH=" + testPath + ")" : "");
    }

    JavaRDD<Rows.Raw> rows(SparkSession spark, Schema schema) {
        JavaRDD<Rows.Raw> train = read(spark, schema, "DATA_PATH", path, testPath == null ? testFraction : 0, seed);
        if (testPath == null) return train;
        return train.union(read(spark, schema, "TEST_DATA_PATH", testPath, 1, seed));
    }

    /** Rows of one path; a row is a test row with probability {@code testShare} (0 or 1 when fixed). */
    private static JavaRDD<Rows.Raw> read(SparkSession spark, Schema schema, String variable, String path,
                                          double testShare, long seed) {
        Format format = format(variable, path);
        Dataset<Row> frame;
        try {
            var reader = spark.read();
            frame = switch (format) {
                // Every CSV column is read as text and parsed by RowDecoder, with CsvLoader's rules.
                case CSV -> reader.option("header", "true").option("mode", "FAILFAST").csv(path);
                case PARQUET -> reader.parquet(path);
                case ORC -> reader.orc(path);
                case JSON -> reader.json(path);
            };
        } catch (Exception e) { // also SparkException and AnalysisException: checked, yet thrown without a declaration
            throw new DataException(variable + "=" + path + ": Spark cannot read it as " + format.name().toLowerCase(Locale.ROOT)
                    + " (" + SparkErrors.rootMessage(e) + ")");
        }
        List<String> columns = Arrays.asList(frame.columns());
        List<Column> selected = new ArrayList<>();
        for (var f : schema.features()) selected.add(column(variable, path, columns, f.name(), "feature column", "fix the schema or the data"));
        selected.add(column(variable, path, columns, schema.label(), "label column", "set the schema's 'label'"));
        RowDecoder decoder = new RowDecoder(variable + "=" + path, schema);
        return frame.select(selected.toArray(Column[]::new)).javaRDD()
                .mapPartitionsWithIndex((index, it) -> tag(it, decoder, testShare, Seeds.mix(seed, 0x7E57L, index)), true);
    }

    private static Iterator<Rows.Raw> tag(Iterator<Row> rows, RowDecoder decoder, double testShare, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Rows.Raw next() {
                boolean test = testShare >= 1 || (testShare > 0 && random.nextDouble() < testShare);
                return decoder.decode(rows.next(), test);
            }
        };
    }

    private static Column column(String variable, String path, List<String> columns, String name, String what, String fix) {
        String match = columns.contains(name) ? name
                // As CsvLoader, a header name matches once trimmed (Spark keeps the spaces; it drops a byte-order mark itself).
                : columns.stream().filter(c -> c.trim().equals(name)).findFirst().orElse(null);
        if (match == null) {
            throw new DataException(variable + "=" + path + ": " + what + " '" + name + "' not found; the data has columns "
                    + String.join(", ", columns) + " (" + fix + ")");
        }
        return functions.col("`" + match.replace("`", "``") + "`");
    }

    /**
     * The format from the name: {@code .csv}, {@code .parquet}, {@code .orc}, {@code .json}; a
     * local directory by the files in it (as Spark writes them, {@code part-*.parquet}).
     */
    static Format format(String variable, String path) {
        String scheme = schemeOf(path);
        if (scheme == null || scheme.equals("file")) {
            Path local = scheme == null ? Path.of(path) : Path.of(URI.create(path));
            if (!Files.exists(local)) throw new DataException(variable + "=" + path + ": no such file or directory; check the path");
            if (Files.isDirectory(local)) {
                try (Stream<Path> files = Files.list(local)) {
                    List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")).toList();
                    for (Format f : Format.values()) {
                        if (names.stream().anyMatch(n -> byName(n) == f)) return f;
                    }
                } catch (IOException e) {
                    throw new DataException(variable + "=" + path + ": cannot list the directory (" + e.getMessage() + ")");
                }
                throw new DataException(variable + "=" + path + ": a directory with no .csv, .parquet, .orc or .json file"
                        + " in it; point it at the data Spark should read");
            }
        }
        Format f = byName(path);
        if (f != null) return f;
        if (scheme == null || scheme.equals("file")) return Format.CSV; // a local file without a known extension
        return Format.PARQUET; // a directory on a cluster file system, as Spark writes one
    }

    private static Format byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz") || n.endsWith(".bz2") || n.endsWith(".zst")) n = n.substring(0, n.lastIndexOf('.'));
        if (n.endsWith(".csv")) return Format.CSV;
        if (n.endsWith(".parquet")) return Format.PARQUET;
        if (n.endsWith(".orc")) return Format.ORC;
        if (n.endsWith(".json") || n.endsWith(".jsonl")) return Format.JSON;
        return null;
    }

    private static String schemeOf(String path) {
        int colon = path.indexOf("://");
        return colon > 1 ? path.substring(0, colon) : null;
    }
}
