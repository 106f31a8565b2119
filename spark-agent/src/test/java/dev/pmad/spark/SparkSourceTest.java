package dev.pmad.spark;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.testing.RepoData;
import dev.pmad.protocol.FeatureStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a Spark agent's rows come from, in a real local[2] Spark: CSV, Parquet, ORC and JSON give
 * the sizes and statistics that {@link CsvLoader} gives for the same rows, the held-out split is
 * reproducible, and a bad path or a bad row fails with one line naming the variable and the column.
 */
class SparkSourceTest {
    static SparkSessions.Lease keepAlive; // one session for the class instead of one per engine
    static Schema schema;
    static Path csv;
    static Table all;

    /** A small schema with a categorical feature, for the rules on missing values and categories. */
    private static final String SMALL_SCHEMA = """
            {"label": "y", "classes": ["no", "yes"],
             "features": [{"name": "x", "type": "numeric"},
                          {"name": "z", "type": "numeric"},
                          {"name": "color", "type": "categorical", "categories": ["red", "green", "blue"]}]}
            """;

    @BeforeAll
    static void startSpark() {
        keepAlive = SparkSessions.acquire(SparkMaster.parse("local[2]"), Duration.ofSeconds(60));
        schema = Schema.read(RepoData.file("breast_cancer_wisconsin.schema.json"));
        csv = RepoData.file(RepoData.BREAST_CANCER);
        all = CsvLoader.load(csv, schema);
    }

    @AfterAll
    static void stopSpark() {
        keepAlive.close();
    }

    private static Map<String, String> env(String dataPath, String... more) {
        var env = new HashMap<String, String>();
        env.put("SPARK_MASTER", "local[2]");
        env.put("DATA_PATH", dataPath);
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    private static LocalEngine open(Schema schema, Map<String, String> env) {
        return new SparkEngineProvider().open(schema, env);
    }

    private static void assertSameStats(FeatureStats expected, FeatureStats actual) {
        double[] count = expected.count().toArray();
        double[] sum = expected.sum().toArray();
        double[] squares = expected.sumOfSquares().toArray();
        assertEquals(count.length, actual.count().size());
        assertAll(
                () -> assertEquals(Arrays.toString(count), Arrays.toString(actual.count().toArray()), "counts"),
                () -> assertRelative(sum, actual.sum().toArray(), "sums"),
                () -> assertRelative(squares, actual.sumOfSquares().toArray(), "sums of squares"));
    }

    private static void assertRelative(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-9 * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }

    /** The one-line message a user sees, not Spark's job-abort text with its stack trace. */
    private static void assertShort(RuntimeException e) {
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("Job aborted"), message);
        assertFalse(message.contains("stage failure"), message);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Schema smallSchema(Path dir) throws IOException {
        return Schema.read(write(dir.resolve("small.schema.json"), SMALL_SCHEMA));
    }

    // ---- CSV: the same rows as CsvLoader -------------------------------------------------------

    @Test
    void csv_withoutTestFraction_hasCsvLoadersRowsAndStats() {
        try (LocalEngine engine = open(schema, env(csv.toString(), "TEST_FRACTION", "0"))) {
            assertEquals("spark", engine.kind());
            assertEquals(all.size(), engine.trainSize());
            assertEquals(0, engine.testSize());
            assertSameStats(FeatureEncoder.stats(all), engine.trainStats());
        }
    }

    @Test
    void csv_withTestFraction_holdsOutAboutThatShare_andTheSameSeedGivesTheSameSplit() {
        var env = env(csv.toString(), "TEST_FRACTION", "0.2", "PARTITION_SEED", "11");
        int train;
        int test;
        FeatureStats stats;
        try (LocalEngine engine = open(schema, env)) {
            train = engine.trainSize();
            test = engine.testSize();
            stats = engine.trainStats();
        }
        assertEquals(all.size(), train + test);
        assertTrue(test >= 0.1 * all.size() && test <= 0.3 * all.size(), "test rows: " + test + " of " + all.size());
        // No missing values in this data set: every feature is counted once per training row.
        for (double c : stats.count().toArray()) assertEquals(train, c);

        try (LocalEngine again = open(schema, env)) {
            assertEquals(train, again.trainSize());
            assertEquals(test, again.testSize());
            assertSameStats(stats, again.trainStats());
        }
        // Another seed draws other rows.
        try (LocalEngine other = open(schema, env(csv.toString(), "TEST_FRACTION", "0.2", "PARTITION_SEED", "12"))) {
            assertEquals(all.size(), other.trainSize() + other.testSize());
            assertFalse(Arrays.equals(stats.sum().toArray(), other.trainStats().sum().toArray()),
                    "seeds 11 and 12 held out the same rows");
        }
    }

    @Test
    void testDataPath_makesEveryDataPathRowATrainingRow_andEveryTestDataPathRowATestRow(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int trainRows = 400;
        Path train = dir.resolve("train.csv");
        Path test = dir.resolve("test.csv");
        Files.write(train, lines.subList(0, 1 + trainRows), StandardCharsets.UTF_8);
        var testLines = new ArrayList<String>();
        testLines.add(lines.get(0));
        testLines.addAll(lines.subList(1 + trainRows, lines.size()));
        Files.write(test, testLines, StandardCharsets.UTF_8);

        // TEST_FRACTION applies only without TEST_DATA_PATH.
        var env = env(train.toString(), "TEST_DATA_PATH", test.toString(), "TEST_FRACTION", "0.2");
        try (LocalEngine engine = open(schema, env)) {
            assertEquals(trainRows, engine.trainSize());
            assertEquals(all.size() - trainRows, engine.testSize());
            assertSameStats(FeatureEncoder.stats(CsvLoader.load(train, schema)), engine.trainStats());
        }
    }

    @Test
    void csv_missingValues_areAcceptedLikeCsvLoader(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("missing.csv"), """
                x,z,color,y
                1.5,2,red,no
                ?,3,green,yes
                ,4,?,no
                2.5,,blue,yes
                3, 5 ,,no
                -1,?,red,yes
                """);
        Table expected = CsvLoader.load(data, small);
        try (LocalEngine engine = open(small, env(data.toString(), "TEST_FRACTION", "0"))) {
            assertEquals(expected.size(), engine.trainSize());
            assertEquals(6, engine.trainSize());
            assertSameStats(FeatureEncoder.stats(expected), engine.trainStats());
            assertEquals("[4.0, 4.0]", Arrays.toString(engine.trainStats().count().toArray()));
        }
    }

    @Test
    void csv_headerWithSpacesAndAByteOrderMark_isMatchedLikeCsvLoader(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("bom.csv"), "\uFEFFx, z ,color,y\n1,2,red,no\n3,4,blue,yes\n");
        Table expected = CsvLoader.load(data, small);
        try (LocalEngine engine = open(small, env(data.toString(), "TEST_FRACTION", "0"))) {
            assertEquals(expected.size(), engine.trainSize());
            assertSameStats(FeatureEncoder.stats(expected), engine.trainStats());
        }
    }

    // ---- Typed formats: the numeric columns arrive as numbers, not text --------------------------

    /** The CSV's rows with the numeric columns cast to double, as a Spark job would write them. */
    private static Dataset<Row> typedRows() {
        Dataset<Row> text = keepAlive.session().read().option("header", "true").csv(csv.toString());
        var columns = new ArrayList<Column>();
        for (var f : schema.features()) columns.add(functions.col(f.name()).cast("double").alias(f.name()));
        columns.add(functions.col(schema.label()));
        return text.select(columns.toArray(Column[]::new)).repartition(2);
    }

    private static void assertTypedCopyMatchesCsv(Function<Dataset<Row>, String> writer, SparkSource.Format format) {
        String path = writer.apply(typedRows());
        assertEquals(format, SparkSource.format("DATA_PATH", path));
        try (LocalEngine engine = open(schema, env(path, "TEST_FRACTION", "0"))) {
            assertEquals(all.size(), engine.trainSize());
            assertEquals(0, engine.testSize());
            assertSameStats(FeatureEncoder.stats(all), engine.trainStats());
        }
    }

    @Test
    void parquetDirectory_givesTheCsvsRowsAndStats(@TempDir Path dir) {
        assertTypedCopyMatchesCsv(rows -> {
            String path = dir.resolve("bcw.parquet.d").toString();
            rows.write().parquet(path);
            return path;
        }, SparkSource.Format.PARQUET);
    }

    @Test
    void orcDirectory_givesTheCsvsRowsAndStats(@TempDir Path dir) {
        assertTypedCopyMatchesCsv(rows -> {
            String path = dir.resolve("bcw-orc").toString();
            rows.write().orc(path);
            return path;
        }, SparkSource.Format.ORC);
    }

    @Test
    void jsonDirectory_givesTheCsvsRowsAndStats(@TempDir Path dir) {
        assertTypedCopyMatchesCsv(rows -> {
            String path = dir.resolve("bcw-json").toString();
            rows.write().json(path);
            return path;
        }, SparkSource.Format.JSON);
    }

    @Test
    void parquet_numericLabels_matchClassesByTheirText(@TempDir Path dir) throws IOException {
        // Classes "0" and "1" stored as doubles 0.0 and 1.0; a whole integer column as long.
        Schema binary = Schema.read(write(dir.resolve("binary.schema.json"), """
                {"label": "y", "classes": ["0", "1"],
                 "features": [{"name": "x", "type": "numeric"}, {"name": "n", "type": "numeric"}]}
                """));
        String path = dir.resolve("binary").toString();
        keepAlive.session().sql("SELECT CAST(id AS DOUBLE) / 2 AS x, id AS n, CAST(id % 2 AS DOUBLE) AS y FROM range(10)")
                .write().parquet(path);
        try (LocalEngine engine = open(binary, env(path, "TEST_FRACTION", "0"))) {
            assertEquals(10, engine.trainSize());
            assertEquals("[10.0, 10.0]", Arrays.toString(engine.trainStats().count().toArray()));
            assertEquals("[22.5, 45.0]", Arrays.toString(engine.trainStats().sum().toArray()));
        }
    }

    // ---- Errors: one line naming the variable, the column and the value -------------------------

    @Test
    void missingFeatureColumn_namesTheVariableAndTheColumn(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("no-z.csv"), "x,color,y\n1,red,no\n");
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString())).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": feature column 'z' not found"), e.getMessage());
        assertTrue(e.getMessage().contains("x, color, y"), e.getMessage());
        assertShort(e);
    }

    @Test
    void missingLabelColumn_namesTheVariableAndTheColumn(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("no-y.csv"), "x,z,color,target\n1,2,red,no\n");
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString())).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": label column 'y' not found"), e.getMessage());
        assertShort(e);
    }

    @Test
    void classNotInTheSchema_namesTheVariableTheColumnAndTheValue(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("bad-class.csv"), "x,z,color,y\n1,2,red,no\n3,4,blue,maybe\n");
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": column 'y': class 'maybe' is not in the schema's classes"),
                e.getMessage());
        assertShort(e);
    }

    @Test
    void missingLabel_isAnError(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("no-label.csv"), "x,z,color,y\n1,2,red,no\n3,4,blue,?\n");
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": column 'y': a row has no label"), e.getMessage());
        assertShort(e);
    }

    @Test
    void textInANumericColumn_namesTheVariableTheColumnAndTheValue(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("abc.csv"), "x,z,color,y\n1,2,red,no\n1,abc,red,yes\n");
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": column 'z': 'abc' is not a number"), e.getMessage());
        assertShort(e);
    }

    @Test
    void infiniteNumber_isAnErrorLikeCsvLoader(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("inf.csv"), "x,z,color,y\nInfinity,2,red,no\n");
        assertThrows(DataException.class, () -> CsvLoader.load(data, small));
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": column 'x': 'Infinity' is not a finite number"),
                e.getMessage());
        assertShort(e);
    }

    @Test
    void categoryNotInTheSchema_namesTheVariableTheColumnAndTheValue(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("purple.csv"), "x,z,color,y\n1,2,red,no\n1,2,purple,yes\n");
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": column 'color': category 'purple' is not in the schema's 3"
                + " categories"), e.getMessage());
        assertShort(e);
    }

    @Test
    void badRowInTheTestData_namesTestDataPath(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path train = write(dir.resolve("train.csv"), "x,z,color,y\n1,2,red,no\n");
        Path test = write(dir.resolve("test.csv"), "x,z,color,y\n1,2,red,maybe\n");
        var e = assertThrows(DataException.class,
                () -> open(small, env(train.toString(), "TEST_DATA_PATH", test.toString())).close());
        assertTrue(e.getMessage().startsWith("TEST_DATA_PATH=" + test + ": column 'y': class 'maybe'"), e.getMessage());
        assertShort(e);
    }

    @Test
    void rowWithTooManyFields_failsNamingTheVariable(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("ragged.csv"), "x,z,color,y\n1,2,red,no\n1,2,red,no,extra\n");
        var e = assertThrows(RuntimeException.class, () -> open(small, env(data.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().contains("DATA_PATH=" + data), e.getMessage());
        assertShort(e);
    }

    @Test
    void fileSparkCannotRead_namesTheVariableAndTheFormat(@TempDir Path dir) throws IOException {
        Path bad = Files.createDirectory(dir.resolve("bad"));
        write(bad.resolve("part-00000.parquet"), "not a parquet file");
        var e = assertThrows(DataException.class, () -> open(schema, env(bad.toString())).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + bad + ": Spark cannot read it as parquet ("), e.getMessage());
        assertShort(e);
    }

    @Test
    void pathThatDoesNotExist_namesTheVariableAndThePath(@TempDir Path dir) {
        String missing = dir.resolve("nowhere.csv").toString();
        var e = assertThrows(DataException.class, () -> open(schema, env(missing)).close());
        assertEquals("DATA_PATH=" + missing + ": no such file or directory; check the path", e.getMessage());

        var t = assertThrows(DataException.class,
                () -> open(schema, env(csv.toString(), "TEST_DATA_PATH", missing)).close());
        assertTrue(t.getMessage().startsWith("TEST_DATA_PATH=" + missing + ": no such file"), t.getMessage());
    }

    @Test
    void emptyDirectory_namesTheVariableAndThePath(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        var e = assertThrows(DataException.class, () -> open(schema, env(empty.toString())).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + empty + ": a directory with no .csv, .parquet, .orc or .json file"),
                e.getMessage());
    }

    @Test
    void headerOnly_hasNoTrainingRows(@TempDir Path dir) throws IOException {
        Schema small = smallSchema(dir);
        Path data = write(dir.resolve("header.csv"), "x,z,color,y\n");
        var e = assertThrows(DataException.class, () -> open(small, env(data.toString(), "TEST_FRACTION", "0")).close());
        assertTrue(e.getMessage().startsWith("DATA_PATH=" + data + ": no training rows"), e.getMessage());
    }

    @Test
    void badSettings_areIllegalArgumentsNamingTheVariable() {
        var unset = assertThrows(IllegalArgumentException.class, () -> open(schema, Map.of("SPARK_MASTER", "local[2]")));
        assertTrue(unset.getMessage().startsWith("DATA_PATH is not set"), unset.getMessage());
        var blank = assertThrows(IllegalArgumentException.class, () -> open(schema, env("  ")));
        assertTrue(blank.getMessage().startsWith("DATA_PATH is not set"), blank.getMessage());
        for (String fraction : List.of("1", "-0.1")) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> open(schema, env(csv.toString(), "TEST_FRACTION", fraction)));
            assertTrue(e.getMessage().startsWith("TEST_FRACTION must be in [0, 1)"), e.getMessage());
        }
        // The one configuration reader refuses what is not a finite number before the range check.
        var nan = assertThrows(IllegalArgumentException.class, () -> open(schema, env(csv.toString(), "TEST_FRACTION", "NaN")));
        assertEquals("TEST_FRACTION=NaN must be a finite number", nan.getMessage());
        var text = assertThrows(IllegalArgumentException.class, () -> open(schema, env(csv.toString(), "TEST_FRACTION", "a fifth")));
        assertEquals("TEST_FRACTION=a fifth is not a number", text.getMessage());
        var seed = assertThrows(IllegalArgumentException.class, () -> open(schema, env(csv.toString(), "PARTITION_SEED", "x")));
        assertEquals("PARTITION_SEED=x is not a whole number", seed.getMessage());
    }

    // ---- Format detection ----------------------------------------------------------------------

    @Test
    void format_byExtension(@TempDir Path dir) throws IOException {
        Map<String, SparkSource.Format> expected = Map.of(
                "a.csv", SparkSource.Format.CSV,
                "a.CSV.gz", SparkSource.Format.CSV,
                "b.parquet", SparkSource.Format.PARQUET,
                "c.orc", SparkSource.Format.ORC,
                "d.json", SparkSource.Format.JSON,
                "e.jsonl.bz2", SparkSource.Format.JSON,
                "no-extension", SparkSource.Format.CSV,
                "data.txt", SparkSource.Format.CSV);
        for (var entry : expected.entrySet()) {
            Path file = write(dir.resolve(entry.getKey()), "x\n");
            assertEquals(entry.getValue(), SparkSource.format("DATA_PATH", file.toString()), entry.getKey());
        }
        // A file: URI is checked on the local disk too.
        assertEquals(SparkSource.Format.ORC, SparkSource.format("DATA_PATH", dir.resolve("c.orc").toUri().toString()));
    }

    @Test
    void format_ofRemotePaths_byExtension_elseParquet() {
        assertEquals(SparkSource.Format.CSV, SparkSource.format("DATA_PATH", "s3a://bucket/data/train.csv"));
        assertEquals(SparkSource.Format.ORC, SparkSource.format("DATA_PATH", "hdfs://nn:8020/data/part.orc"));
        assertEquals(SparkSource.Format.JSON, SparkSource.format("DATA_PATH", "gs://bucket/rows.json.gz"));
        assertEquals(SparkSource.Format.PARQUET, SparkSource.format("DATA_PATH", "hdfs://nn:8020/warehouse/table"));
    }

    @Test
    void format_ofADirectory_byTheFilesInIt_ignoringHiddenAndMarkerFiles(@TempDir Path dir) throws IOException {
        Path parquet = Files.createDirectory(dir.resolve("p"));
        write(parquet.resolve("_SUCCESS"), "");
        write(parquet.resolve(".part-00000-abc.snappy.parquet.crc"), "");
        write(parquet.resolve("part-00000-abc.snappy.parquet"), "");
        assertEquals(SparkSource.Format.PARQUET, SparkSource.format("DATA_PATH", parquet.toString()));
        assertEquals(SparkSource.Format.PARQUET, SparkSource.format("DATA_PATH", parquet.toUri().toString()));

        Path orc = Files.createDirectory(dir.resolve("o"));
        write(orc.resolve("part-00000-abc.snappy.orc"), "");
        assertEquals(SparkSource.Format.ORC, SparkSource.format("DATA_PATH", orc.toString()));

        Path json = Files.createDirectory(dir.resolve("j"));
        write(json.resolve("part-00000-abc.json"), "");
        assertEquals(SparkSource.Format.JSON, SparkSource.format("DATA_PATH", json.toString()));

        Path csvs = Files.createDirectory(dir.resolve("c.parquet")); // the files decide, not the directory's name
        write(csvs.resolve("jan.csv"), "");
        write(csvs.resolve("feb.csv.gz"), "");
        assertEquals(SparkSource.Format.CSV, SparkSource.format("DATA_PATH", csvs.toString()));

        Path onlyHidden = Files.createDirectory(dir.resolve("h"));
        write(onlyHidden.resolve("_SUCCESS"), "");
        write(onlyHidden.resolve(".hidden.csv"), "");
        write(onlyHidden.resolve("_temporary.parquet"), "");
        write(onlyHidden.resolve("notes.txt"), "");
        var e = assertThrows(DataException.class, () -> SparkSource.format("TEST_DATA_PATH", onlyHidden.toString()));
        assertTrue(e.getMessage().startsWith("TEST_DATA_PATH=" + onlyHidden + ": a directory with no"), e.getMessage());
    }

    @Test
    void format_ofAMissingLocalPath_namesTheVariable(@TempDir Path dir) {
        String missing = dir.resolve("gone.parquet").toString();
        var e = assertThrows(DataException.class, () -> SparkSource.format("TEST_DATA_PATH", missing));
        assertEquals("TEST_DATA_PATH=" + missing + ": no such file or directory; check the path", e.getMessage());
        String uri = dir.resolve("gone.parquet").toUri().toString();
        assertThrows(DataException.class, () -> SparkSource.format("DATA_PATH", uri));
    }
}
