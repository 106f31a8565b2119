package dev.pmad.agent.export;

import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Made-up raw rows with everything the ONNX graph must handle: numeric columns with and without a
 * declared range (values beyond it), categorical columns, missing values written as '' and '?',
 * padding spaces, columns in another order than the schema, and classes not in alphabetical
 * order; plus a model of random weights over them, with statistics computed from the rows.
 */
final class MixedRows {
    static final Schema SCHEMA = new Schema("label", List.of("zeta", "alpha", "mid"), List.of(
            FeatureSpec.numeric("age", 18, 90),
            FeatureSpec.categorical("colour", List.of("red", "blue", "green")),
            FeatureSpec.numeric("income"),
            FeatureSpec.categorical("city", List.of("Paris", "Lyon", "Nice", "Lille"))));

    final Path csv;
    final Table table;
    final Standardization standardization;
    final Weights weights;

    private MixedRows(Path csv, Table table, Standardization standardization, Weights weights) {
        this.csv = csv;
        this.table = table;
        this.standardization = standardization;
        this.weights = weights;
    }

    static MixedRows write(Path dir, int rows, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        var text = new StringBuilder("city,income,label,colour,age\n");
        for (int i = 0; i < rows; i++) {
            text.append(pick(random, "Paris", "Lyon", "Nice", "Lille", "", "?", " Nice ")).append(',');
            text.append(random.nextInt(10) == 0 ? "" : String.format(Locale.ROOT, "%.2f", random.nextDouble(-5e4, 2e5)))
                    .append(',');
            text.append(pick(random, "zeta", "alpha", "mid")).append(',');
            text.append(pick(random, "red", "blue", "green", "?")).append(',');
            text.append(random.nextInt(8) == 0 ? "?" : Integer.toString(random.nextInt(5, 110))).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("mixed.csv"), text);
        Table table = CsvLoader.load(csv, SCHEMA);
        var standardization = Standardization.combine(List.of(FeatureEncoder.stats(table)));
        var shape = new ModelShape(SCHEMA.classes().size(), SCHEMA.encodedWidth());
        double[] w = random.doubles(shape.size(), -1.5, 1.5).toArray();
        return new MixedRows(csv, table, standardization, Weights.of(w));
    }

    private static String pick(SplittableRandom random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
